package io.paddock.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.jute.BinaryInputArchive;
import org.apache.zookeeper.compat.ProtocolManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optional trailing readOnly byte of ConnectRequest and ConnectResponse (protocol.md §3),
 * checked against ZooKeeper's own reader of the handshake, {@link ProtocolManager}.
 */
class HandshakeCompatibilityTest {
    private static final byte[] PASSWD = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, -16};

    @ParameterizedTest(name = "readOnly byte present: {0}")
    @ValueSource(booleans = {false, true})
    void connectRequestIsFortyFourBytesPlusTheReadOnlyByteIfPresent(boolean present) throws IOException {
        ConnectRequest ours = new ConnectRequest(0, 0x200000007L, 30_000, 0x1000abcdL, PASSWD, present, present);
        byte[] full = ZooKeeperJute.serialize(
                new org.apache.zookeeper.proto.ConnectRequest(0, 0x200000007L, 30_000, 0x1000abcdL, PASSWD, present));
        byte[] bytes = JuteOutput.serialize(ours);

        assertThat(bytes).hasSize(present ? 45 : 44).isEqualTo(Arrays.copyOf(full, bytes.length));
        assertThat(ConnectRequest.read(JuteInput.of(bytes))).usingRecursiveComparison().isEqualTo(ours);
        org.apache.zookeeper.proto.ConnectRequest theirs = new ProtocolManager().deserializeConnectRequest(archive(bytes));
        assertThat(theirs).isEqualTo(
                new org.apache.zookeeper.proto.ConnectRequest(0, 0x200000007L, 30_000, 0x1000abcdL, PASSWD, present));
    }

    @ParameterizedTest(name = "readOnly byte present: {0}")
    @ValueSource(booleans = {false, true})
    void connectResponseIsThirtySixBytesPlusTheReadOnlyByteIfPresent(boolean present) throws IOException {
        ConnectResponse ours = new ConnectResponse(0, 40_000, 0x1000abcdL, PASSWD, present, present);
        byte[] full = ZooKeeperJute.serialize(
                new org.apache.zookeeper.proto.ConnectResponse(0, 40_000, 0x1000abcdL, PASSWD, present));
        byte[] bytes = JuteOutput.serialize(ours);

        assertThat(bytes).hasSize(present ? 37 : 36).isEqualTo(Arrays.copyOf(full, bytes.length));
        assertThat(ConnectResponse.read(JuteInput.of(bytes))).usingRecursiveComparison().isEqualTo(ours);
        org.apache.zookeeper.proto.ConnectResponse theirs = new ProtocolManager().deserializeConnectResponse(archive(bytes));
        assertThat(theirs).isEqualTo(
                new org.apache.zookeeper.proto.ConnectResponse(0, 40_000, 0x1000abcdL, PASSWD, present));
    }

    @ParameterizedTest(name = "readOnly byte {0}")
    @ValueSource(bytes = {1, 2, 0x7f, -1})
    void anyNonZeroReadOnlyByteReadsAsTrue(byte flag) {
        byte[] bytes = JuteOutput.serialize(new ConnectRequest(0, 0, 30_000, 0, PASSWD, false, true));
        bytes[bytes.length - 1] = flag;

        ConnectRequest read = ConnectRequest.read(JuteInput.of(bytes));

        assertThat(read.readOnlyPresent()).isTrue();
        assertThat(read.readOnly()).isTrue();
    }

    private static BinaryInputArchive archive(byte[] bytes) {
        return BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes));
    }
}
