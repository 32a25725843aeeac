package io.paddock.quorum.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuorumPacketCompatibilityTest {
    static Stream<Arguments> packets() {
        return Stream.of(
                Arguments.of(QuorumPacket.of(PacketType.ACK, 0x500000003L)),
                Arguments.of(new QuorumPacket(PacketType.PROPOSAL, 0x100000001L, new byte[] {1, 2, 3, -1}, null)),
                Arguments.of(new QuorumPacket(PacketType.PING, 7, new byte[0], List.of())),
                Arguments.of(new QuorumPacket(PacketType.REQUEST, 0, new byte[] {9},
                        List.of(new Id("digest", "bob:x1y2"), new Id("ip", "10.0.0.1")))),
                Arguments.of(new QuorumPacket(PacketType.UPTODATE, -1L, null, List.of(new Id("world", "anyone")))),
                Arguments.of(new QuorumPacket(PacketType.REQUEST, 1, null, List.of(new Id(null, "")))));
    }

    private static org.apache.zookeeper.server.quorum.QuorumPacket theirs(QuorumPacket p) {
        List<org.apache.zookeeper.data.Id> auth = p.authinfo() == null ? null : p.authinfo().stream()
                .map(id -> new org.apache.zookeeper.data.Id(id.scheme(), id.id())).toList();
        return new org.apache.zookeeper.server.quorum.QuorumPacket(p.type(), p.zxid(), p.data(), auth);
    }

    @ParameterizedTest
    @MethodSource("packets")
    void ourBytesAreZooKeepersBytes(QuorumPacket packet) {
        assertThat(JuteOutput.serialize(packet)).isEqualTo(ZooKeeperRecords.serialize(theirs(packet)));
    }

    @ParameterizedTest
    @MethodSource("packets")
    void zooKeeperReadsWhatWeWriteAndWeReadWhatItWrites(QuorumPacket packet) throws IOException {
        org.apache.zookeeper.server.quorum.QuorumPacket read = ZooKeeperRecords.deserialize(
                JuteOutput.serialize(packet), new org.apache.zookeeper.server.quorum.QuorumPacket());
        // Jute's generated equals throws on null fields, so compare field by field.
        assertThat(read).usingRecursiveComparison().isEqualTo(theirs(packet));

        QuorumPacket ours = QuorumPacket.read(JuteInput.of(ZooKeeperRecords.serialize(theirs(packet))));
        assertThat(ours).usingRecursiveComparison().isEqualTo(packet);
    }

    @Test
    void nullAndEmptyDataAndAuthinfoStayDistinctThroughARoundTrip() {
        QuorumPacket nulls = QuorumPacket.read(JuteInput.of(JuteOutput.serialize(
                new QuorumPacket(PacketType.COMMIT, 1, null, null))));
        QuorumPacket empties = QuorumPacket.read(JuteInput.of(JuteOutput.serialize(
                new QuorumPacket(PacketType.COMMIT, 1, new byte[0], List.of()))));

        assertThat(nulls.data()).isNull();
        assertThat(nulls.authinfo()).isNull();
        assertThat(empties.data()).isEmpty();
        assertThat(empties.authinfo()).isEmpty();
    }

    @Test
    void everyTruncationOfAPacketIsAClearError() {
        byte[] full = JuteOutput.serialize(new QuorumPacket(PacketType.REQUEST, 5, new byte[] {1, 2, 3},
                List.of(new Id("digest", "a:b"))));
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            assertThatThrownBy(() -> QuorumPacket.read(JuteInput.of(cut)))
                    .as("cut at %d", len).isInstanceOf(JuteException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void aHugeOrNegativeDataLengthIsRefusedWithoutAllocating() {
        byte[] huge = ByteBuffer.allocate(16).putInt(2).putLong(1).putInt(Integer.MAX_VALUE).array();
        byte[] negative = ByteBuffer.allocate(16).putInt(2).putLong(1).putInt(-2).array();

        assertThatThrownBy(() -> QuorumPacket.read(JuteInput.of(huge)))
                .isInstanceOf(JuteException.class).hasMessageContaining("invalid buffer length");
        assertThatThrownBy(() -> QuorumPacket.read(JuteInput.of(negative)))
                .isInstanceOf(JuteException.class).hasMessageContaining("invalid buffer length -2");
    }

    @Test
    void aLyingAuthinfoCountIsRefusedWithoutAllocating() {
        byte[] lying = ByteBuffer.allocate(20).putInt(4).putLong(1).putInt(-1).putInt(Integer.MAX_VALUE).array();
        byte[] negative = ByteBuffer.allocate(20).putInt(4).putLong(1).putInt(-1).putInt(-5).array();

        assertThatThrownBy(() -> QuorumPacket.read(JuteInput.of(lying)))
                .isInstanceOf(JuteException.class).hasMessageContaining("vector of 2147483647");
        assertThatThrownBy(() -> QuorumPacket.read(JuteInput.of(negative)))
                .isInstanceOf(JuteException.class).hasMessageContaining("invalid vector length -5");
    }

    @Test
    void packetTypesAreNamedAsZooKeeperNamesThem() {
        assertThat(PacketType.name(PacketType.REQUEST)).isEqualTo("REQUEST");
        assertThat(PacketType.name(PacketType.FOLLOWERINFO)).isEqualTo("FOLLOWERINFO");
        assertThat(PacketType.name(PacketType.INFORMANDACTIVATE)).isEqualTo("INFORMANDACTIVATE");
        assertThat(PacketType.name(0)).isEqualTo("UNKNOWN0");
        assertThat(PacketType.name(20)).isEqualTo("UNKNOWN20");
    }

    @Test
    void everyPacketTypeHasZooKeepersNumberAndName() throws ReflectiveOperationException {
        for (int type = 1; type <= 19; type++) {
            String name = PacketType.name(type);
            java.lang.reflect.Field ours = PacketType.class.getField(name);
            java.lang.reflect.Field theirs = org.apache.zookeeper.server.quorum.Leader.class.getDeclaredField(name);
            theirs.setAccessible(true);
            assertThat(ours.getInt(null)).as(name).isEqualTo(type).isEqualTo(theirs.getInt(null));
        }
    }
}
