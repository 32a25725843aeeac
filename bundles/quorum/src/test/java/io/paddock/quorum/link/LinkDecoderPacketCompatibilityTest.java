package io.paddock.quorum.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Packets on the quorum link, against ZooKeeper 3.9.3's BinaryOutputArchive and BinaryInputArchive. */
class LinkDecoderPacketCompatibilityTest {
    /** Null, empty and large data; null, empty and several authinfo ids, one with a null scheme. */
    private static List<org.apache.zookeeper.server.quorum.QuorumPacket> theirPackets() {
        byte[] large = new byte[100_000];
        new Random(42).nextBytes(large);
        return List.of(
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.LEADERINFO, 0x500000000L, new byte[] {0, 1, 0, 0}, null),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.ACK, 0x500000003L, null, null),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.PING, 7, new byte[0], List.of()),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.REQUEST, -1, new byte[] {9, 8, 7},
                        List.of(new Id("digest", "bob:x1y2"), new Id("ip", "10.0.0.1"), new Id(null, ""))),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.PROPOSAL, 0x500000004L, large, null),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.COMMIT, 0x500000004L, null, null),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.UPTODATE, -1, null, null));
    }

    static Stream<Chunking> chunkings() {
        return Chunking.all();
    }

    @ParameterizedTest
    @MethodSource("chunkings")
    void packetsZooKeeperWritesBackToBackDecodeIdenticallyHoweverTheStreamIsCut(Chunking chunking) throws IOException {
        List<org.apache.zookeeper.server.quorum.QuorumPacket> theirs = theirPackets();
        LinkDecoder decoder = LinkDecoder.fromLeader();

        List<LinkItem> items = chunking.feed(decoder, ZooKeeperLink.write(theirs));
        decoder.end();

        assertThat(items).usingRecursiveFieldByFieldElementComparator(ByContent.BYTES)
                .containsExactlyElementsOf(theirs.stream().map(p -> new LinkItem.Packet(ZooKeeperLink.ours(p))).toList());
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void packetsWeEncodeAreZooKeepersBytesAndItsArchiveReadsThemBack() throws IOException {
        List<org.apache.zookeeper.server.quorum.QuorumPacket> theirs = theirPackets();
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        for (org.apache.zookeeper.server.quorum.QuorumPacket packet : theirs) {
            ByteBuffer bytes = LinkEncoder.encode(ZooKeeperLink.ours(packet));
            ours.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }

        assertThat(ours.toByteArray()).isEqualTo(ZooKeeperLink.write(theirs));
        // Jute's generated equals throws on null fields, so compare field by field.
        assertThat(ZooKeeperLink.read(ours.toByteArray(), theirs.size()))
                .usingRecursiveFieldByFieldElementComparator(ByContent.BYTES).containsExactlyElementsOf(theirs);
    }

    @Test
    void aSnapPacketFromALearnerIsFollowedByPacketsNotBySnapshot() throws IOException {
        byte[] bytes = ZooKeeperLink.write(List.of(
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.SNAP, 5, null, null),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.ACK, 6, null, null)));
        LinkDecoder decoder = LinkDecoder.fromLearner();

        List<LinkItem> items = Chunking.oneByte().feed(decoder, bytes);
        decoder.end();

        assertThat(items).extracting(item -> ((LinkItem.Packet) item).packet().type())
                .containsExactly(PacketType.SNAP, PacketType.ACK);
    }

    @Test
    void onlyTheUnfinishedPacketIsHeldBetweenChunks() throws IOException {
        byte[] bytes = ZooKeeperLink.write(theirPackets().subList(0, 4));
        int cut = bytes.length - 10;
        LinkDecoder decoder = LinkDecoder.fromLeader();
        List<LinkItem> items = new ArrayList<>();

        decoder.feed(ByteBuffer.wrap(Arrays.copyOf(bytes, cut)), items::add);

        assertThat(items).hasSize(3);
        assertThat(decoder.bufferedBytes()).isEqualTo(cut - ZooKeeperLink.write(theirPackets().subList(0, 3)).length);

        decoder.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, cut, bytes.length)), items::add);

        assertThat(items).hasSize(4);
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void aChunkIsConsumedAndMayBeReusedByTheCaller() throws IOException {
        byte[] bytes = ZooKeeperLink.write(theirPackets());
        LinkDecoder decoder = LinkDecoder.fromLeader();
        List<LinkItem> items = new ArrayList<>();
        ByteBuffer reused = ByteBuffer.allocate(1000);

        for (int at = 0; at < bytes.length; at += 1000) {
            reused.clear().put(bytes, at, Math.min(1000, bytes.length - at)).flip();
            decoder.feed(reused, items::add);
            assertThat(reused.hasRemaining()).isFalse();
            Arrays.fill(reused.array(), (byte) 0x5a);
        }

        assertThat(items).usingRecursiveFieldByFieldElementComparator(ByContent.BYTES).containsExactlyElementsOf(
                theirPackets().stream().map(p -> new LinkItem.Packet(ZooKeeperLink.ours(p))).toList());
    }

    @Test
    void directAndReadOnlyChunksAreReadLikeHeapOnes() throws IOException {
        byte[] bytes = ZooKeeperLink.write(theirPackets());
        LinkDecoder decoder = LinkDecoder.fromLeader();
        List<LinkItem> items = new ArrayList<>();

        for (int at = 0, i = 0; at < bytes.length; at += 333, i++) {
            int n = Math.min(333, bytes.length - at);
            ByteBuffer direct = ByteBuffer.allocateDirect(n).put(bytes, at, n).flip();
            decoder.feed(i % 2 == 0 ? direct : ByteBuffer.wrap(bytes, at, n).asReadOnlyBuffer(), items::add);
        }
        decoder.end();

        assertThat(items).usingRecursiveFieldByFieldElementComparator(ByContent.BYTES).containsExactlyElementsOf(
                theirPackets().stream().map(p -> new LinkItem.Packet(ZooKeeperLink.ours(p))).toList());
    }

    @Test
    void dataOfExactlyTheLimitIsAccepted() {
        QuorumPacket packet = new QuorumPacket(PacketType.PROPOSAL, 1, new byte[1000], null);
        LinkDecoder decoder = LinkDecoder.fromLeader(1000);
        List<LinkItem> items = new ArrayList<>();

        decoder.feed(LinkEncoder.encode(packet), items::add);

        assertThat(items).singleElement().usingRecursiveComparison(ByContent.BYTES).isEqualTo(new LinkItem.Packet(packet));
    }
}
