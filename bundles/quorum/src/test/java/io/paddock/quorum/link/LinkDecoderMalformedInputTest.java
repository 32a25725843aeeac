package io.paddock.quorum.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteOutput;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.server.DataTree;
import org.junit.jupiter.api.Test;

/**
 * Every malformed stream is refused with a JuteException naming what was wrong, nothing of the
 * refused record is handed out, and the decoder takes no more input.
 */
class LinkDecoderMalformedInputTest {
    private static final byte[] ACK = JuteOutput.serialize(QuorumPacket.of(PacketType.ACK, 3));
    private static final byte[] SNAP = JuteOutput.serialize(QuorumPacket.of(PacketType.SNAP, 9));

    private static byte[] concat(byte[]... parts) {
        JuteOutput out = new JuteOutput();
        for (byte[] part : parts) {
            out.writeRaw(part, 0, part.length);
        }
        return out.toByteArray();
    }

    /** A packet header (type, zxid) and then whatever {@code rest} writes. */
    private static byte[] packet(int type, java.util.function.Consumer<JuteOutput> rest) {
        JuteOutput out = new JuteOutput().writeInt(type).writeLong(1);
        rest.accept(out);
        return out.toByteArray();
    }

    /** Feeds all of {@code bytes} in one chunk; the items handed out before the error land in {@code items}. */
    private static void feed(LinkDecoder decoder, byte[] bytes, List<LinkItem> items) {
        decoder.feed(ByteBuffer.wrap(bytes), items::add);
    }

    private static void assertRefused(LinkDecoder decoder, byte[] bytes, String message, int itemsBefore) {
        List<LinkItem> items = new ArrayList<>();
        assertThatThrownBy(() -> feed(decoder, bytes, items))
                .isInstanceOf(JuteException.class).hasMessage(message);
        assertThat(items).as("items handed out before the error").hasSize(itemsBefore);
        assertThatThrownBy(() -> feed(decoder, ACK, items))
                .as("input after the error").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNegativePacketDataLengthIsRefused() {
        assertRefused(LinkDecoder.fromLeader(), concat(ACK, packet(PacketType.PROPOSAL, o -> o.writeInt(-2))),
                "invalid packet data length -2", 1);
    }

    @Test
    void packetDataOverTheLimitIsRefusedAsSoonAsItsLengthArrives() {
        // Only the length is sent: the decoder does not wait for (or buffer) the data it announces.
        assertRefused(LinkDecoder.fromLeader(1000), packet(PacketType.PROPOSAL, o -> o.writeInt(1001)),
                "packet data length 1001 is over the limit of 1000 bytes", 0);
        assertRefused(LinkDecoder.fromLeader(), packet(PacketType.PROPOSAL, o -> o.writeInt(Integer.MAX_VALUE)),
                "packet data length 2147483647 is over the limit of 2097150 bytes", 0);
    }

    @Test
    void aHugeAuthinfoCountIsRefusedBeforeAnyIdArrives() {
        assertRefused(LinkDecoder.fromLeader(), packet(PacketType.REQUEST, o -> o.writeInt(-1).writeInt(Integer.MAX_VALUE)),
                "authinfo count 2147483647 cannot fit in a record of at most 4195324 bytes", 0);
    }

    @Test
    void aNegativeAuthinfoCountOtherThanNullIsRefused() {
        // ZooKeeper's BinaryInputArchive reads any negative count but -1 as an empty vector.
        assertRefused(LinkDecoder.fromLeader(), packet(PacketType.REQUEST, o -> o.writeInt(-1).writeInt(-5)),
                "invalid authinfo count -5", 0);
    }

    @Test
    void anAuthinfoIdOverTheLimitIsRefused() {
        assertRefused(LinkDecoder.fromLeader(100),
                packet(PacketType.REQUEST, o -> o.writeInt(-1).writeInt(1).writeString("digest").writeInt(101)),
                "authinfo id length 101 is over the limit of 100 bytes", 0);
    }

    @Test
    void snapshotNodeDataOverTheLimitIsRefused() throws Exception {
        // The sample tree's /box holds 300 bytes.
        byte[] stream = ZooKeeperLink.snapStep(9, ZooKeeperTrees.sample(), Map.of(), List.of());
        List<LinkItem> items = new ArrayList<>();
        LinkDecoder decoder = LinkDecoder.fromLeader(299);

        assertThatThrownBy(() -> feed(decoder, stream, items))
                .isInstanceOf(JuteException.class).hasMessage("node data length 300 is over the limit of 299 bytes");
        assertThat(items).noneMatch(item -> item instanceof LinkItem.Node node && node.node().path().equals("/box"));
    }

    @Test
    void aWrongSignatureIsRefused() {
        byte[] stream = concat(SNAP, new JuteOutput().writeInt(0).writeInt(0).writeString("").writeBuffer(new byte[0])
                .writeLong(-1).write(new io.paddock.api.proto.StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0))
                .writeString("/").writeString("BenWasThere").toByteArray());

        assertRefused(LinkDecoder.fromLeader(), stream,
                "snapshot signature is \"BenWasThere\", not \"BenWasHere\"", 2);
    }

    @Test
    void aNullSignatureIsRefused() throws Exception {
        byte[] stream = ZooKeeperLink.snapStep(9, new DataTree(), Map.of(), List.of());
        // The last 14 bytes are the signature ustring; -1 there is a null string.
        byte[] nulled = concat(Arrays.copyOf(stream, stream.length - 14), new JuteOutput().writeInt(-1).toByteArray());

        assertRefused(LinkDecoder.fromLeader(), nulled, "snapshot signature is null, not \"BenWasHere\"", 6);
    }

    @Test
    void aStreamThatEndsInsideARecordOrInsideASnapshotIsRefusedAtTheEnd() throws Exception {
        byte[] stream = concat(ZooKeeperLink.snapStep(9, ZooKeeperTrees.sample(), ZooKeeperTrees.sessions(), List.of()), ACK);
        int endOfSnapshot = stream.length - ACK.length;
        for (int cut = 1; cut < stream.length; cut++) {
            LinkDecoder decoder = LinkDecoder.fromLeader();
            decoder.feed(ByteBuffer.wrap(stream, 0, cut), item -> { });

            if (cut == endOfSnapshot) {
                assertThatCode(decoder::end).as("cut at %d, between packets", cut).doesNotThrowAnyException();
            } else {
                assertThatThrownBy(decoder::end).as("cut at %d", cut).isInstanceOf(JuteException.class)
                        .hasMessageStartingWith(cut < SNAP.length || cut > endOfSnapshot
                                ? "stream ends inside a packet, " : "stream ends inside the snapshot, ");
            }
        }
    }

    @Test
    void theEndOfAStreamSaysWhereInTheSnapshotItStopped() throws Exception {
        byte[] stream = ZooKeeperLink.snapStep(9, ZooKeeperTrees.sample(), ZooKeeperTrees.sessions(), List.of());
        LinkDecoder decoder = LinkDecoder.fromLeader();
        // The root and /zookeeper are the first nodes, each 4 + path + 4 + data + 68 bytes.
        int sessionsAndAcls = 4 + 3 * 12 + 4 + ZooKeeperTrees.view(ZooKeeperTrees.sample(), Map.of()).acls().values()
                .stream().mapToInt(acl -> 12 + acl.stream().mapToInt(a -> 12 + a.id().scheme().length()
                        + a.id().id().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum()).sum();
        int twoNodes = (4 + 0 + 4 + 0 + 68) + (4 + 10 + 4 + 0 + 68);
        decoder.feed(ByteBuffer.wrap(stream, 0, SNAP.length + sessionsAndAcls + twoNodes + 5), item -> { });

        assertThatThrownBy(decoder::end).isInstanceOf(JuteException.class).hasMessage(
                "stream ends inside the snapshot, in the nodes after 3 sessions, 4 ACL cache entries and 2 nodes,"
                        + " 5 bytes into the next record");
    }

    @Test
    void aNegativeSessionOrAclCacheCountIsRefused() {
        assertRefused(LinkDecoder.fromLeader(), concat(SNAP, new JuteOutput().writeInt(-3).toByteArray()),
                "invalid session count -3", 1);
        assertRefused(LinkDecoder.fromLeader(), concat(SNAP, new JuteOutput().writeInt(0).writeInt(-1).toByteArray()),
                "invalid ACL cache entry count -1", 1);
    }

    @Test
    void aNullAclListIsRefusedAsZooKeeperRefusesIt() {
        assertRefused(LinkDecoder.fromLeader(),
                concat(SNAP, new JuteOutput().writeInt(0).writeInt(1).writeLong(1).writeInt(-1).toByteArray()),
                "ACL is null (count -1), where a list is required", 1);
    }

    @Test
    void aSnapshotWhoseFirstNodeIsNotTheRootIsRefused() {
        assertRefused(LinkDecoder.fromLeader(),
                concat(SNAP, new JuteOutput().writeInt(0).writeInt(0).writeString("/zookeeper").toByteArray()),
                "snapshot's first node is \"/zookeeper\", not the root \"\"", 1);
    }

    @Test
    void aSnapshotWithoutNodesIsRefused() {
        assertRefused(LinkDecoder.fromLeader(),
                concat(SNAP, new JuteOutput().writeInt(0).writeInt(0).writeString("/").toByteArray()),
                "snapshot has no nodes: the end marker \"/\" came before the root", 1);
    }

    @Test
    void aSecondRootOrARelativePathIsRefused() {
        byte[] root = new JuteOutput().writeInt(0).writeInt(0).writeString("").writeBuffer(null).writeLong(-1)
                .write(new io.paddock.api.proto.StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0)).toByteArray();

        assertRefused(LinkDecoder.fromLeader(), concat(SNAP, root, new JuteOutput().writeString("").toByteArray()),
                "snapshot node path \"\" does not start with \"/\"", 2);
        assertRefused(LinkDecoder.fromLeader(), concat(SNAP, root, new JuteOutput().writeString("app").toByteArray()),
                "snapshot node path \"app\" does not start with \"/\"", 2);
    }

    @Test
    void aNullNodePathIsRefused() {
        assertRefused(LinkDecoder.fromLeader(),
                concat(SNAP, new JuteOutput().writeInt(0).writeInt(0).writeString(null).toByteArray()),
                "snapshot node path is null, after 0 nodes", 1);
    }

    @Test
    void anErrorThrownByTheConsumerAlsoStopsTheDecoder() {
        LinkDecoder decoder = LinkDecoder.fromLeader();

        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(ACK), item -> {
            throw new IllegalArgumentException("consumer broke");
        })).hasMessage("consumer broke");
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(ACK), item -> { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
