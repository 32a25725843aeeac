package io.paddock.quorum.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.testkit.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void manySessionsWritingAtOnceThroughAFollowerAreAllAnswered() throws Exception {
        ensemble(3, 0);
        InProcessEnsemble.Member leader = ensemble.awaitLeader();
        InProcessEnsemble.Member follower = ensemble.members().stream().filter(m -> m != leader).findFirst()
                .orElseThrow();
        client(leader.connectString()).create("/w", NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int sessions = 8;
        int writes = 300;
        CountDownLatch answered = new CountDownLatch(sessions * writes);
        List<Integer> failures = new CopyOnWriteArrayList<>();
        List<ZooKeeper> writers = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            writers.add(client(follower.connectString()));
        }
        // Pipelined writes from every session at once, over the follower's several network threads:
        // the follower must match each commit to its session's request, whatever the interleaving.
        for (int i = 0; i < writes; i++) {
            for (ZooKeeper zk : writers) {
                zk.setData("/w", NO_DATA, -1, (rc, path, ctx, stat) -> {
                    if (rc != 0) {
                        failures.add(rc);
                    }
                    answered.countDown();
                }, null);
            }
        }

        assertThat(answered.await(60, TimeUnit.SECONDS)).as("every write answered").isTrue();
        assertThat(failures).isEmpty();
        Stat stat = writers.get(0).exists("/w", false);
        assertThat(stat.getVersion()).isEqualTo(sessions * writes);
    }

    @Test
    void fourLetterWordsReportEachServersModeAndTheLeadersLearnersAndProposals() throws Exception {
        ensemble(3, 0);
        InProcessEnsemble.Member leader = ensemble.awaitLeader();
        client(leader.connectString()).create("/x", new byte[10], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        await().atMost(Duration.ofSeconds(10)).until(() -> word(leader, "mntr").contains("zk_synced_followers\t2"));

        assertThat(word(leader, "srvr")).contains("Mode: leader\n").containsPattern("Proposal sizes last/min/max: \\d+/");
        assertThat(word(leader, "mntr")).contains("zk_server_state\tleader", "zk_learners\t2",
                "zk_synced_observers\t0", "zk_quorum_size\t3", "zk_pending_syncs\t0");
        for (InProcessEnsemble.Member m : ensemble.members()) {
            String conf = word(m, "conf");
            assertThat(conf).contains("serverId=" + m.sid + "\n", "initLimit=10\n", "syncLimit=5\n",
                    "electionAlg=3\n", "peerType=0\n", "membership: \nserver.1=");
            if (m != leader) {
                assertThat(word(m, "srvr")).contains("Mode: follower\n").doesNotContain("Proposal sizes");
                assertThat(word(m, "mntr")).contains("zk_server_state\tfollower").doesNotContain("zk_learners");
            }
        }
    }

    private static String word(InProcessEnsemble.Member m, String word) throws Exception {
        return RawClient.fourLetterWord(m.clientPort, word);
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
    void aSessionTheLeaderExpiresLosesItsEphemeralsAndItsConnectionOnTheFollowerItWasOn() throws Exception {
        ensemble(3, 0);
        InProcessEnsemble.Member leader = ensemble.awaitLeader();
        InProcessEnsemble.Member follower = ensemble.members().stream().filter(m -> m != leader).findFirst()
                .orElseThrow();
        ZooKeeper watcher = client(leader.connectString());
        try (RawClient silent = new RawClient(follower.clientPort)) {
            // A client that connects through a follower, makes an ephemeral, then says nothing: only
            // the leader expires sessions, and nothing of this one reaches it any more.
            silent.connect(400);
            silent.send(1, OpCode.CREATE, new CreateRequest("/silent", new byte[0], Perms.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL.toFlag()));
            assertThat(silent.readReply().header().err()).isZero();
            sync(watcher, "/silent");
            assertThat(watcher.exists("/silent", false)).isNotNull();

            assertThat(silent.closedByServer()).as("the follower closes the expired session's connection").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                sync(watcher, "/silent");
                return watcher.exists("/silent", false) == null;
            });
        }
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
    void aServerThatLostItsDiskIsSentASnapshotAndThenTheTxnsAfterIt() throws Exception {
        ensemble = new InProcessEnsemble(dir, 3, 0, 100, settings -> settings.snapCount(10)).startAll();
        ensemble.awaitLeader();
        ZooKeeper zk = client(ensemble.member(1).connectString());
        for (int i = 0; i < 60; i++) {
            zk.create("/n" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
        }
        zk.close();
        clients.remove(zk);
        ensemble.members().forEach(InProcessEnsemble.Member::stop);
        InProcessEnsemble.Member lost = ensemble.member(3);
        lost.wipe();
        // Only the two that kept their data start first, so one of them leads, its history starting
        // at its newest snapshot: the empty server is further behind than any DIFF reaches.
        ensemble.member(1).start();
        ensemble.member(2).start();
        ensemble.awaitLeader();
        lost.start();
        ensemble.awaitLeader();

        ZooKeeper restored = client(lost.connectString());
        sync(restored, "/");
        assertThat(restored.getChildren("/", false)).hasSize(61);
        assertThat(text(restored.getData("/n59", false, null))).isEqualTo("v59");
        restored.create("/after", NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        lost.stop();
        lost.start();
        ensemble.awaitLeader();
        ZooKeeper again = client(lost.connectString());
        sync(again, "/after");
        assertThat(again.getChildren("/", false)).hasSize(62);
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
