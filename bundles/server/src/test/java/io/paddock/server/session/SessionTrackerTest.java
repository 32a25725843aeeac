package io.paddock.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Expiry in tick buckets, driven by a hand-moved clock. */
class SessionTrackerTest {
    private final AtomicLong now = new AtomicLong(10_000);
    private final SessionTracker tracker = new SessionTracker(1, 2000, now::get);

    @Test
    void idsCarryTheServerIdInTheTopByteAndCountUp() {
        long a = tracker.nextId();
        long b = tracker.nextId();
        assertThat(a >>> 56).isEqualTo(1);
        assertThat(b).isEqualTo(a + 1);
        assertThat(a & 0xffff).isZero();
    }

    @Test
    void sessionExpiresAtTheFirstBucketAfterItsTimeout() {
        tracker.add(5, 4000); // touched at 10000: deadline is the first multiple of 2000 after 14000
        now.set(15_999);
        assertThat(tracker.expire()).isEmpty();
        now.set(16_000);
        assertThat(tracker.expire()).containsExactly(5L);
        assertThat(tracker.isActive(5)).isFalse();
        assertThat(tracker.touch(5)).isFalse();
        assertThat(tracker.expire()).isEmpty();
    }

    @Test
    void touchingPushesTheDeadline() {
        tracker.add(5, 4000);
        now.set(15_000);
        assertThat(tracker.touch(5)).isTrue();
        now.set(18_000);
        assertThat(tracker.expire()).isEmpty();
        now.set(20_000);
        assertThat(tracker.expire()).containsExactly(5L);
    }

    @Test
    void closingSessionCannotBeTouchedOrResumed() {
        tracker.add(9, 4000);
        tracker.setClosing(9);
        assertThat(tracker.touch(9, 4000)).isFalse();
        tracker.remove(9);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void passwordIsZooKeepersDerivation() {
        // Observed from ZooKeeper 3.9.3 for session 0x100004ededc0000 (derivation of protocol.md section 14).
        byte[] p = SessionPassword.of(0x100004ededc0000L);
        assertThat(p).hasSize(16).isEqualTo(SessionPassword.of(0x100004ededc0000L));
        assertThat(SessionPassword.matches(0x100004ededc0000L, p)).isTrue();
        assertThat(SessionPassword.matches(0x100004ededc0001L, p)).isFalse();
        java.util.Random zk = new java.util.Random(0x100004ededc0000L ^ 0xB3415C00L);
        byte[] expected = new byte[16];
        zk.nextBytes(expected);
        assertThat(p).isEqualTo(expected);
    }
}
