package io.paddock.quorum.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.server.quorum.QuorumCnxManager;
import org.junit.jupiter.api.Test;

/**
 * Checked against {@code QuorumCnxManager.InitialMessage.parse}, which ZooKeeper calls after
 * reading the first long itself (the protocol version) in {@code handleConnection}.
 */
class InitialMessageCompatibilityTest {
    private static QuorumCnxManager.InitialMessage zooKeeperParses(byte[] bytes) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        long version = in.readLong();
        return QuorumCnxManager.InitialMessage.parse(version, in);
    }

    /** What ZooKeeper's QuorumCnxManager.startConnection writes, spelled out by hand. */
    private static byte[] zooKeeperWrites(long version, long sid, String addresses) {
        byte[] text = addresses.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(20 + text.length).putLong(version).putLong(sid).putInt(text.length).put(text).array();
    }

    @Test
    void zooKeeperParsesOurVersionTwoHeaderWithSeveralAddresses() throws Exception {
        InitialMessage ours = InitialMessage.v2(3, List.of("127.0.0.1:3888", "[::1]:3889"));

        QuorumCnxManager.InitialMessage theirs = zooKeeperParses(ours.toBytes());

        assertThat(theirs.sid).isEqualTo(3L);
        assertThat(theirs.electionAddr).containsExactly(
                new InetSocketAddress("127.0.0.1", 3888), new InetSocketAddress("::1", 3889));
    }

    @Test
    void zooKeeperParsesOurVersionOneHeader() throws Exception {
        InitialMessage ours = new InitialMessage(InitialMessage.PROTOCOL_VERSION_V1, 1, List.of("127.0.0.1:3888"));

        assertThat(ours.toBytes()).isEqualTo(zooKeeperWrites(-65536L, 1, "127.0.0.1:3888"));
        assertThat(zooKeeperParses(ours.toBytes()).electionAddr).containsExactly(new InetSocketAddress("127.0.0.1", 3888));
    }

    @Test
    void weReadZooKeepersHeaderBytes() {
        byte[] bytes = zooKeeperWrites(QuorumCnxManager.PROTOCOL_VERSION_V2, 5, "10.0.0.5:3888|10.1.0.5:3888");

        assertThat(InitialMessage.read(JuteInput.of(bytes)))
                .isEqualTo(InitialMessage.v2(5, List.of("10.0.0.5:3888", "10.1.0.5:3888")));
        assertThat(InitialMessage.v2(5, List.of("10.0.0.5:3888", "10.1.0.5:3888")).toBytes()).isEqualTo(bytes);
    }

    @Test
    void aNonNegativeFirstLongIsTheSidOfAServerBeforeThreeFive() {
        byte[] old = ByteBuffer.allocate(8).putLong(4).array();

        InitialMessage read = InitialMessage.read(JuteInput.of(old));

        assertThat(read).isEqualTo(new InitialMessage(InitialMessage.PROTOCOL_VERSION_NONE, 4, List.of()));
        assertThat(read.toBytes()).isEqualTo(old);
    }

    @Test
    void anAddressLengthAboveZooKeepersBoundIsRefusedByBoth() {
        byte[] tooLong = ByteBuffer.allocate(20).putLong(InitialMessage.PROTOCOL_VERSION_V2).putLong(1)
                .putInt(InitialMessage.MAX_ADDRESS_LENGTH + 1).array();

        assertThatThrownBy(() -> InitialMessage.read(JuteInput.of(tooLong)))
                .isInstanceOf(JuteException.class).hasMessageContaining("unreasonable election address length 2049");
        assertThatThrownBy(() -> zooKeeperParses(tooLong))
                .isInstanceOf(QuorumCnxManager.InitialMessage.InitialMessageException.class)
                .hasMessageContaining("Unreasonable buffer length: 2049");
        assertThat(QuorumCnxManager.maxBuffer).isEqualTo(InitialMessage.MAX_ADDRESS_LENGTH);
    }

    @Test
    void zeroAndNegativeAddressLengthsAreRefusedByBoth() {
        for (int len : new int[] {0, -1, Integer.MIN_VALUE}) {
            byte[] bytes = ByteBuffer.allocate(20).putLong(InitialMessage.PROTOCOL_VERSION_V2).putLong(1).putInt(len).array();
            assertThatThrownBy(() -> InitialMessage.read(JuteInput.of(bytes)))
                    .isInstanceOf(JuteException.class).hasMessageContaining("unreasonable election address length " + len);
            assertThatThrownBy(() -> zooKeeperParses(bytes))
                    .isInstanceOf(QuorumCnxManager.InitialMessage.InitialMessageException.class);
        }
    }

    @Test
    void anUnknownNegativeVersionIsRefusedByBoth() {
        byte[] bytes = zooKeeperWrites(-65534L, 1, "127.0.0.1:3888");

        assertThatThrownBy(() -> InitialMessage.read(JuteInput.of(bytes)))
                .isInstanceOf(JuteException.class).hasMessageContaining("unrecognized election protocol version -65534");
        assertThatThrownBy(() -> zooKeeperParses(bytes))
                .isInstanceOf(QuorumCnxManager.InitialMessage.InitialMessageException.class);
    }

    @Test
    void everyTruncationIsAClearError() {
        byte[] full = zooKeeperWrites(InitialMessage.PROTOCOL_VERSION_V2, 2, "127.0.0.1:3888");
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            assertThatThrownBy(() -> InitialMessage.read(JuteInput.of(cut)))
                    .as("cut at %d", len).isInstanceOf(JuteException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void badlyFormedAddressesAreRefusedByBoth() {
        for (String bad : new String[] {"nohost", "host:", "host:port", "a:1:2", "127.0.0.1:3888|x"}) {
            byte[] bytes = zooKeeperWrites(InitialMessage.PROTOCOL_VERSION_V2, 1, bad);
            assertThatThrownBy(() -> InitialMessage.read(JuteInput.of(bytes)))
                    .as(bad).isInstanceOf(JuteException.class).hasMessageContaining("election address");
            assertThatThrownBy(() -> zooKeeperParses(bytes))
                    .as(bad).isInstanceOf(QuorumCnxManager.InitialMessage.InitialMessageException.class);
        }
    }

    @Test
    void aBracketedAddressWithoutTheColonIsRefusedWhereZooKeeperMisreadsThePort() throws Exception {
        byte[] bytes = zooKeeperWrites(InitialMessage.PROTOCOL_VERSION_V2, 1, "[::1]3888");

        assertThatThrownBy(() -> InitialMessage.read(JuteInput.of(bytes)))
                .isInstanceOf(JuteException.class).hasMessageContaining("badly formed election address");
        // ConfigUtils.getHostAndPort skips the character after ']' unseen, so 3888 becomes 888.
        assertThat(zooKeeperParses(bytes).electionAddr).containsExactly(new InetSocketAddress("::1", 888));
    }

    @Test
    void writingMoreAddressTextThanAPeerAcceptsIsRefused() {
        String address = "h".repeat(InitialMessage.MAX_ADDRESS_LENGTH) + ":1";

        assertThatThrownBy(() -> InitialMessage.v2(1, List.of(address)).toBytes())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    }

    @Test
    void wildcardAddressesAreKeptAsTextWhereZooKeeperDropsThem() throws Exception {
        byte[] bytes = zooKeeperWrites(InitialMessage.PROTOCOL_VERSION_V2, 1, "0.0.0.0:3888|127.0.0.1:3888");

        assertThat(InitialMessage.read(JuteInput.of(bytes)).addresses()).containsExactly("0.0.0.0:3888", "127.0.0.1:3888");
        assertThat(zooKeeperParses(bytes).electionAddr).containsExactly(new InetSocketAddress("127.0.0.1", 3888));
    }
}
