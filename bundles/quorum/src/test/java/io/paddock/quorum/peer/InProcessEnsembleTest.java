package io.paddock.quorum.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real servers in one JVM, elected and replicating over loopback, as the stock ZooKeeper 3.9.3
 * client sees them. The multi-process tests (itests) kill processes; these check the protocol's
 * outcome quickly and in detail.
 */
class InProcessEnsembleTest {
    private static final byte[] NO_DATA = new byte[0];

    @TempDir
    Path dir;
    private InProcessEnsemble ensemble;
    private final List<ZooKeeper> clients = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        if (ensemble != null) {
            ensemble.close();
            assertThat(ensemble.fatalMessages()).isEmpty();
        }
    }

    private InProcessEnsemble ensemble(int voters, int observers) throws Exception {
        ensemble = new InProcessEnsemble(dir, voters, observers).startAll();
        return ensemble;
    }

    private ZooKeeper client(String connectString) throws Exception {
        return client(connectString, 0, null);
    }

    private ZooKeeper client(String connectString, long sessionId, byte[] password) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk = password == null ? new ZooKeeper(connectString, 10_000, watcher)
                : new ZooKeeper(connectString, 10_000, watcher, sessionId, password);
        clients.add(zk);
        assertThat(connected.await(20, TimeUnit.SECONDS)).as("connected to " + connectString).isTrue();
        return zk;
    }

    private static void sync(ZooKeeper zk, String path) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        zk.sync(path, (rc, p, ctx) -> done.complete(rc), null);
        assertThat(done.get(10, TimeUnit.SECONDS)).isZero();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void everyServerServesWhatWasWrittenThroughAnotherAndSessionsCarryTheirServersId() throws Exception {
        ensemble(3, 0);
        InProcessEnsemble.Member leader = ensemble.awaitLeader();
        List<ZooKeeper> zks = new ArrayList<>();
        for (InProcessEnsemble.Member m : ensemble.members()) {
            ZooKeeper zk = client(m.connectString());
            assertThat(zk.getSessionId() >>> 56).as("session created on server " + m.sid).isEqualTo(m.sid);
            zks.add(zk);
        }
        InProcessEnsemble.Member follower = ensemble.members().stream().filter(m -> m != leader).findFirst().orElseThrow();
        ZooKeeper viaFollower = zks.get((int) follower.sid - 1);
        ZooKeeper viaLeader = zks.get((int) leader.sid - 1);

        viaFollower.create("/a", "one".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        Stat set = viaLeader.setData("/a", "two".getBytes(StandardCharsets.UTF_8), 0);

        for (ZooKeeper zk : zks) {
            sync(zk, "/a");
            Stat stat = new Stat();
            assertThat(text(zk.getData("/a", false, stat))).isEqualTo("two");
            assertThat(stat).isEqualTo(set);
        }
        assertThat(set.getMzxid() >>> 32).as("the epoch of the leader that numbered it").isPositive();
        assertThatThrownBy(() -> viaFollower.create("/a", NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NodeExistsException.class);
    }

    @Test
    void anEphemeralIsSeenEverywhereAndGoesEverywhereWithItsSession() throws Exception {
        ensemble(3, 0);
        ensemble.awaitLeader();
        ZooKeeper owner = client(ensemble.member(1).connectString());
        ZooKeeper other = client(ensemble.member(3).connectString());
        owner.create("/e", NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        sync(other, "/e");
        assertThat(other.exists("/e", false).getEphemeralOwner()).isEqualTo(owner.getSessionId());

        owner.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> other.exists("/e", false) == null);
    }

    @Test
    void zookeeperConfigShowsTheMembershipOnEveryServer() throws Exception {
        ensemble(3, 0);
        ensemble.awaitLeader();
        for (InProcessEnsemble.Member m : ensemble.members()) {
            String config = text(client(m.connectString()).getConfig(false, null));
            assertThat(config).contains("server.1=127.0.0.1:", "server.2=", "server.3=", ":participant")
                    .endsWith("version=0");
        }
    }

    @Test
    void aWriteFromTheServerASessionMovedAwayFromFailsAndClosesThatConnection() throws Exception {
        ensemble(3, 0);
        ensemble.awaitLeader();
        ZooKeeper first = client(ensemble.member(1).connectString());
        CountDownLatch lost = new CountDownLatch(1);
        first.register(e -> {
            if (e.getState() == Watcher.Event.KeeperState.Disconnected) {
                lost.countDown();
            }
        });
        // The same session, resumed through server 2: the leader now counts server 2 its owner.
        ZooKeeper moved = client(ensemble.member(2).connectString(), first.getSessionId(), first.getSessionPasswd());

        assertThatThrownBy(() -> first.create("/stale", NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.ConnectionLossException.class);
        assertThat(lost.await(10, TimeUnit.SECONDS)).as("the stale connection closed").isTrue();
        sync(moved, "/");
        assertThat(moved.exists("/stale", false)).isNull();
    }

    @Test
    void aNewLeaderIsElectedWhenTheLeaderStopsAndTheOldOneRejoinsWithEverything() throws Exception {
        ensemble(3, 0);
        InProcessEnsemble.Member leader = ensemble.awaitLeader();
        InProcessEnsemble.Member survivor = ensemble.members().stream().filter(m -> m != leader).findFirst()
                .orElseThrow();
        ZooKeeper zk = client(survivor.connectString());
        for (int i = 0; i < 50; i++) {
            zk.create("/before-" + i, NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }

        leader.stop();
        InProcessEnsemble.Member next = ensemble.awaitLeader();
        assertThat(next).isNotSameAs(leader);
        String path = zk.create("/after", NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        leader.start();
        ensemble.awaitLeader();

        ZooKeeper rejoined = client(leader.connectString());
        sync(rejoined, path);
        assertThat(rejoined.exists(path, false)).isNotNull();
        assertThat(rejoined.getChildren("/", false)).hasSize(52);
    }

    @Test
    void anObserverServesCommittedWritesButCannotMakeAQuorum() throws Exception {
        ensemble(3, 1);
        ensemble.awaitLeader();
        InProcessEnsemble.Member observer = ensemble.member(4);
        assertThat(observer.mode()).isEqualTo("observer");
        ZooKeeper viaObserver = client(observer.connectString());
        viaObserver.create("/o", NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ZooKeeper viaVoter = client(ensemble.member(1).connectString());
        sync(viaVoter, "/o");
        assertThat(viaVoter.exists("/o", false)).isNotNull();

        ensemble.member(2).stop();
        ensemble.member(3).stop();

        // One voter and an observer are no quorum: no server serves clients any more.
        await().atMost(Duration.ofSeconds(10)).until(() -> ensemble.member(1).mode() == null
                && observer.mode() == null);
    }
}
