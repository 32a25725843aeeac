package io.paddock.election.fle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.zookeeper.server.quorum.FastLeaderElection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotificationCompatibilityTest {
    private static final byte[] CONFIG = "server.1=127.0.0.1:2888:3888:participant\nversion=100000000"
            .getBytes(StandardCharsets.UTF_8);

    private static byte[] zooKeeperBuilds(int state, long leader, long zxid, long electionEpoch, long peerEpoch,
                                          byte[] config) throws ReflectiveOperationException {
        Method buildMsg = FastLeaderElection.class.getDeclaredMethod(
                "buildMsg", int.class, long.class, long.class, long.class, long.class, byte[].class);
        buildMsg.setAccessible(true);
        return ((ByteBuffer) buildMsg.invoke(null, state, leader, zxid, electionEpoch, peerEpoch, config)).array();
    }

    private static byte[] zooKeeperBuildsFortyBytes(int state, long leader, long zxid, long electionEpoch,
                                                    long peerEpoch) throws ReflectiveOperationException {
        Method buildMsg = FastLeaderElection.class.getDeclaredMethod(
                "buildMsg", int.class, long.class, long.class, long.class, long.class);
        buildMsg.setAccessible(true);
        return ((ByteBuffer) buildMsg.invoke(null, state, leader, zxid, electionEpoch, peerEpoch)).array();
    }

    @ParameterizedTest
    @EnumSource(PeerState.class)
    void ourVersionTwoMessageIsWhatBuildMsgBuilds(PeerState state) throws ReflectiveOperationException {
        Notification ours = Notification.of(new Vote(3, 0x200000005L, 7, 2, state), CONFIG);

        byte[] theirs = zooKeeperBuilds(state.code(), 3, 0x200000005L, 7, 2, CONFIG);

        assertThat(ours.encode()).hasSize(44 + CONFIG.length).isEqualTo(theirs);
        assertThat(Notification.decode(theirs)).usingRecursiveComparison().isEqualTo(ours);
    }

    @Test
    void anEmptyConfigEncodesAsLengthZero() throws ReflectiveOperationException {
        Notification ours = Notification.of(new Vote(1, 0, 1, 0, PeerState.LOOKING), null);

        assertThat(ours.encode()).hasSize(44).isEqualTo(zooKeeperBuilds(0, 1, 0, 1, 0, new byte[0]));
        assertThat(Notification.decode(ours.encode()).config()).isEmpty();
    }

    @Test
    void theTwentyEightByteFormTakesPeerEpochFromTheZxid() {
        byte[] old = ByteBuffer.allocate(28).putInt(2).putLong(5).putLong(0x300000009L).putLong(4).array();

        Notification n = Notification.decode(old);

        assertThat(n.vote()).isEqualTo(new Vote(5, 0x300000009L, 4, 3, PeerState.LEADING));
        assertThat(n.version()).isZero();
        assertThat(n.config()).isEmpty();
    }

    @Test
    void theFortyByteFormHasPeerEpochAndReadsAsVersionZeroWhateverItsLastIntSays()
            throws ReflectiveOperationException {
        byte[] forty = zooKeeperBuildsFortyBytes(1, 5, 0x300000009L, 4, 2);

        Notification n = Notification.decode(forty);

        assertThat(forty).hasSize(40);
        assertThat(ByteBuffer.wrap(forty).getInt(36)).isNotZero();
        assertThat(n.vote()).isEqualTo(new Vote(5, 0x300000009L, 4, 2, PeerState.FOLLOWING));
        assertThat(n.version()).isZero();
    }

    @Test
    void aVersionOneMessageLongerThanFortyBytesCarriesNoConfig() {
        byte[] v1 = ByteBuffer.allocate(48).putInt(0).putLong(1).putLong(2).putLong(3).putLong(4).putInt(1)
                .putInt(99).array();

        Notification n = Notification.decode(v1);

        assertThat(n.version()).isEqualTo(1);
        assertThat(n.config()).isEmpty();
        assertThat(n.peerEpoch()).isEqualTo(4);
    }

    @Test
    void trailingBytesAfterTheConfigAreIgnored() {
        byte[] encoded = Notification.of(new Vote(1, 2, 3, 4, PeerState.OBSERVING), CONFIG).encode();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 5);

        assertThat(Notification.decode(longer)).usingRecursiveComparison().isEqualTo(Notification.decode(encoded));
    }

    @Test
    void aMessageShorterThanTwentyEightBytesIsRefused() {
        assertThatThrownBy(() -> Notification.decode(new byte[27]))
                .isInstanceOf(NotificationFormatException.class).hasMessageContaining("27 bytes");
    }

    @Test
    void everyLengthBetweenTheKnownFormsThatRunsOutIsRefused() {
        byte[] full = Notification.of(new Vote(1, 2, 3, 4, PeerState.LOOKING), CONFIG).encode();
        for (int len = 29; len < full.length; len++) {
            if (len == 40) {
                continue;
            }
            byte[] cut = Arrays.copyOf(full, len);
            assertThatThrownBy(() -> Notification.decode(cut))
                    .as("cut at %d", len).isInstanceOf(NotificationFormatException.class);
        }
    }

    @Test
    void aNegativeOrHugeConfigLengthIsRefusedWithoutAllocating() {
        for (int bad : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 49}) {
            byte[] msg = ByteBuffer.allocate(48).putInt(0).putLong(1).putLong(2).putLong(3).putLong(4).putInt(2)
                    .putInt(bad).array();
            assertThatThrownBy(() -> Notification.decode(msg))
                    .as("config length %d", bad).isInstanceOf(NotificationFormatException.class)
                    .hasMessageContaining("invalid config length " + bad);
        }
    }

    @Test
    void anUnknownStateIsRefused() {
        byte[] msg = Notification.of(new Vote(1, 2, 3, 4, PeerState.LOOKING), CONFIG).encode();
        ByteBuffer.wrap(msg).putInt(0, 4);

        assertThatThrownBy(() -> Notification.decode(msg))
                .isInstanceOf(NotificationFormatException.class).hasMessageContaining("unknown peer state 4");
    }
}
