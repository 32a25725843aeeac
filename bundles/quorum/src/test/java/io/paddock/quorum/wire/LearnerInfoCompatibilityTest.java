package io.paddock.quorum.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LearnerInfoCompatibilityTest {
    @Test
    void ourTwentyBytesAreZooKeepersLearnerInfo() throws IOException {
        LearnerInfo ours = new LearnerInfo(3, LearnerInfo.PROTOCOL_VERSION, 0x100000000L);
        org.apache.zookeeper.server.quorum.LearnerInfo theirs =
                new org.apache.zookeeper.server.quorum.LearnerInfo(3, 0x10000, 0x100000000L);

        assertThat(ours.toBytes()).hasSize(20).isEqualTo(ZooKeeperRecords.serialize(theirs));
        assertThat(ZooKeeperRecords.deserialize(ours.toBytes(), new org.apache.zookeeper.server.quorum.LearnerInfo()))
                .isEqualTo(theirs);
        assertThat(LearnerInfo.parse(ZooKeeperRecords.serialize(theirs))).isEqualTo(ours);
        assertThat(LearnerInfo.read(JuteInput.of(ZooKeeperRecords.serialize(theirs)))).isEqualTo(ours);
    }

    @Test
    void theOldTwelveByteFormHasNoConfigVersion() {
        byte[] old = ByteBuffer.allocate(12).putLong(7).putInt(0x10000).array();

        assertThat(LearnerInfo.parse(old)).isEqualTo(new LearnerInfo(7, 0x10000, LearnerInfo.NO_CONFIG_VERSION));
    }

    @Test
    void theSidOnlyFormIsTheOldProtocol() {
        byte[] sidOnly = ByteBuffer.allocate(8).putLong(9).array();

        assertThat(LearnerInfo.parse(sidOnly))
                .isEqualTo(new LearnerInfo(9, LearnerInfo.OLD_PROTOCOL_VERSION, LearnerInfo.NO_CONFIG_VERSION));
    }

    @Test
    void inBetweenLengthsReadTheWholeFieldsOnlyAndTrailingBytesAreIgnored() {
        byte[] fifteen = ByteBuffer.allocate(15).putLong(2).putInt(0x10000).array();
        byte[] longer = ByteBuffer.allocate(24).putLong(2).putInt(0x10000).putLong(5).putInt(99).array();

        assertThat(LearnerInfo.parse(fifteen)).isEqualTo(new LearnerInfo(2, 0x10000, LearnerInfo.NO_CONFIG_VERSION));
        assertThat(LearnerInfo.parse(longer)).isEqualTo(new LearnerInfo(2, 0x10000, 5));
    }

    @Test
    void missingOrTooShortDataIsAClearError() {
        assertThatThrownBy(() -> LearnerInfo.parse(null))
                .isInstanceOf(JuteException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> LearnerInfo.parse(new byte[7]))
                .isInstanceOf(JuteException.class).hasMessageContaining("7 bytes");
        assertThatThrownBy(() -> LearnerInfo.read(JuteInput.of(new byte[12])))
                .isInstanceOf(JuteException.class).hasMessageContaining("truncated");
    }
}
