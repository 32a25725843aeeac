package io.paddock.server.standalone;

import io.paddock.api.testkit.RawClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.ConnectResponse;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.ReplyHeader;
import io.paddock.server.session.SessionPassword;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session create, resume, password, timeout negotiation and expiry (protocol.md sections 3 and 14). */
class SessionTest {
    @TempDir
    static Path dir;
    static ServerFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ServerFixture(dir); // tickTime 100, timeouts clamped to [200, 20000]
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void timeoutIsClampedToTheConfiguredBounds() throws Exception {
        try (RawClient low = new RawClient(fixture.port()); RawClient high = new RawClient(fixture.port())) {
            assertThat(low.connect(0, new byte[16], 0, 10).timeOut()).isEqualTo(200);
            assertThat(high.connect(0, new byte[16], 0, 999_999).timeOut()).isEqualTo(20000);
        }
    }

    @Test
    void newSessionGetsServerOneIdAndDerivedPassword() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            ConnectResponse r = c.connect();
            assertThat(r.sessionId() >>> 56).isEqualTo(1);
            assertThat(r.passwd()).isEqualTo(SessionPassword.of(r.sessionId()));
        }
    }

    @Test
    void sessionResumesOnANewConnectionAndTheOldOneIsClosed() throws Exception {
        try (RawClient first = new RawClient(fixture.port()); RawClient second = new RawClient(fixture.port())) {
            ConnectResponse r = first.connect(0, new byte[16], 0, 4000);
            ConnectResponse again = second.connect(r.sessionId(), r.passwd(), 0, 4000);
            assertThat(again.sessionId()).isEqualTo(r.sessionId());
            assertThat(again.timeOut()).isEqualTo(4000);
            assertThat(first.closedByServer()).isTrue();
            second.send(1, OpCode.EXISTS, new PathWatchRequest("/", false));
            assertThat(second.readReply().header().err()).isZero();
        }
    }

    @Test
    void wrongPasswordGetsAnInvalidSessionAndClose() throws Exception {
        try (RawClient first = new RawClient(fixture.port()); RawClient second = new RawClient(fixture.port())) {
            ConnectResponse r = first.connect();
            byte[] wrong = r.passwd().clone();
            wrong[0] ^= 1;
            ConnectResponse refused = second.connect(r.sessionId(), wrong, 0, 4000);
            assertThat(refused.timeOut()).isZero();
            assertThat(refused.sessionId()).isZero();
            assertThat(refused.passwd()).containsOnly(0);
            assertThat(second.closedByServer()).isTrue();
        }
    }

    @Test
    void wrongPasswordStillClosesTheSessionsCurrentConnectionButNotTheSession() throws Exception {
        try (RawClient first = new RawClient(fixture.port()); RawClient second = new RawClient(fixture.port());
             RawClient third = new RawClient(fixture.port())) {
            ConnectResponse r = first.connect();
            second.connect(r.sessionId(), new byte[16], 0, 4000);
            // as ZooKeeper 3.9.3 does: it closes the session's connection before checking the password
            assertThat(first.closedByServer()).isTrue();
            assertThat(third.connect(r.sessionId(), r.passwd(), 0, 4000).sessionId()).isEqualTo(r.sessionId());
        }
    }

    @Test
    void unknownSessionGetsAnInvalidSession() throws Exception {
        long bogus = 0x0100_0000_0000_1234L;
        try (RawClient c = new RawClient(fixture.port())) {
            assertThat(c.connect(bogus, SessionPassword.of(bogus), 0, 4000).timeOut()).isZero();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void silentSessionExpiresAndItsEphemeralsGo() throws Exception {
        long sessionId;
        RawClient c = new RawClient(fixture.port());
        ConnectResponse r = c.connect(0, new byte[16], 0, 300);
        sessionId = r.sessionId();
        c.send(1, OpCode.CREATE, new CreateRequest("/expiring", null, Perms.OPEN_ACL_UNSAFE, 1));
        assertThat(c.readReply().header().err()).isZero();
        // no pings: the server expires the session and closes the socket
        assertThat(c.closedByServer()).isTrue();
        c.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.server.database().tree().node("/expiring") == null);
        assertThat(fixture.server.database().sessions().isActive(sessionId)).isFalse();
        try (RawClient again = new RawClient(fixture.port())) {
            assertThat(again.connect(sessionId, r.passwd(), 0, 300).timeOut()).isZero();
        }
    }

    @Test
    void stockClientSeesExpiredAfterItsSessionIsGone() throws Exception {
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        ZooKeeper zk = fixture.client(events::add);
        zk.create("/stock-eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        // Another connection takes the session over and closes it: the first handle is told Expired.
        try (RawClient thief = new RawClient(fixture.port())) {
            thief.connect(zk.getSessionId(), zk.getSessionPasswd(), 0, 4000);
            thief.send(1, OpCode.CLOSE_SESSION, null);
            ReplyHeader h = thief.readReply().header();
            assertThat(h.err()).isEqualTo(Code.OK);
            assertThat(thief.closedByServer()).isTrue();
        }
        WatchedEvent e;
        do {
            e = events.poll(20, TimeUnit.SECONDS);
        } while (e != null && e.getState() != Watcher.Event.KeeperState.Expired);
        assertThat(e).isNotNull();
        assertThat(fixture.server.database().tree().node("/stock-eph")).isNull();
    }
}
