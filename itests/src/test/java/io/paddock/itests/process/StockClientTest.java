package io.paddock.itests.process;

import io.paddock.api.testkit.RawClient;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock ZooKeeper 3.9.3 client against the real distribution, one server for the class. */
class StockClientTest {
    @TempDir
    static Path dir;
    static PaddockProcess server;
    static ZooKeeper zk;

    @BeforeAll
    static void start() throws Exception {
        server = PaddockProcess.started(dir, "StockClientTest");
        zk = server.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void createGetSetDeleteRoundTripsWithVersionsAndStat() throws Exception {
        Stat created = new Stat();
        assertThat(zk.create("/crud", bytes("a"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created))
                .isEqualTo("/crud");
        assertThat(created.getCzxid()).isPositive().isEqualTo(created.getMzxid()).isEqualTo(created.getPzxid());
        assertThat(created.getVersion()).isZero();
        assertThat(created.getDataLength()).isEqualTo(1);
        assertThat(created.getEphemeralOwner()).isZero();

        Stat read = new Stat();
        assertThat(zk.getData("/crud", false, read)).isEqualTo(bytes("a"));
        assertThat(read).isEqualTo(created);

        Stat set = zk.setData("/crud", bytes("bb"), 0);
        assertThat(set.getVersion()).isEqualTo(1);
        assertThat(set.getMzxid()).isGreaterThan(created.getMzxid());
        assertThat(set.getCzxid()).isEqualTo(created.getCzxid());
        assertThat(set.getDataLength()).isEqualTo(2);
        assertThatThrownBy(() -> zk.setData("/crud", bytes("c"), 0)).isInstanceOf(KeeperException.BadVersionException.class);
        assertThatThrownBy(() -> zk.create("/crud", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NodeExistsException.class);
        assertThatThrownBy(() -> zk.delete("/crud", 0)).isInstanceOf(KeeperException.BadVersionException.class);

        zk.delete("/crud", 1);

        assertThat(zk.exists("/crud", false)).isNull();
        assertThatThrownBy(() -> zk.getData("/crud", false, null)).isInstanceOf(KeeperException.NoNodeException.class);
        assertThatThrownBy(() -> zk.delete("/crud", -1)).isInstanceOf(KeeperException.NoNodeException.class);
    }

    @Test
    void sequentialNamesCountUpPerParentIncludingEphemeralOnes() throws Exception {
        zk.create("/seq", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        String first = zk.create("/seq/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        String second = zk.create("/seq/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        zk.delete(second, -1);
        Stat ephemeralStat = new Stat();
        String third = zk.create("/seq/e-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL, ephemeralStat);

        assertThat(List.of(first, second, third))
                .containsExactly("/seq/n-0000000000", "/seq/n-0000000001", "/seq/e-0000000002");
        assertThat(ephemeralStat.getEphemeralOwner()).isEqualTo(zk.getSessionId());
        // cversion in the client's view counts creations and deletions (protocol.md 9.1)
        assertThat(zk.exists("/seq", false).getCversion()).isEqualTo(4);
    }

    @Test
    void ephemeralsVanishWhenTheirSessionCloses() throws Exception {
        zk.create("/owned", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ZooKeeper owner = server.connect();
        owner.create("/owned/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        owner.create("/owned/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        EventLog watch = new EventLog();
        assertThat(zk.exists("/owned/e", watch).getEphemeralOwner()).isEqualTo(owner.getSessionId());

        owner.close();

        // close() returns once closeSession is applied, so the ephemerals are gone already
        assertThat(zk.getChildren("/owned", false)).isEmpty();
        EventLog.settle(zk);
        assertThat(watch.types()).containsExactly(EventType.NodeDeleted);
    }

    @Test
    void ephemeralsVanishWhenTheirSessionExpiresAndTheClientIsToldExpired() throws Exception {
        long sessionId;
        byte[] password;
        EventLog watch = new EventLog();
        // A raw connection that falls silent without closing: nothing pings, so the server
        // must expire the session on its own after the negotiated timeout.
        try (RawClient silent = new RawClient(server.port())) {
            var response = silent.connect(100);
            assertThat(response.timeOut()).as("a request under minSessionTimeout is raised to it")
                    .isEqualTo(PaddockProcess.MIN_SESSION_TIMEOUT);
            sessionId = response.sessionId();
            password = response.passwd();
            silent.send(1, OpCode.CREATE, new CreateRequest("/expiring", bytes("x"), Perms.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL.toFlag()));
            assertThat(silent.readReply().header().err()).isZero();
            assertThat(zk.exists("/expiring", watch).getEphemeralOwner()).isEqualTo(sessionId);

            await().atMost(Duration.ofSeconds(15)).until(() -> watch.types().contains(EventType.NodeDeleted));

            assertThat(zk.exists("/expiring", false)).isNull();
            assertThat(silent.closedByServer()).as("expiry closes the session's socket").isTrue();
        }

        EventLog resumed = new EventLog();
        ZooKeeper late = new ZooKeeper(server.connectString(), 30_000, resumed, sessionId, password);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.events().stream()
                    .anyMatch(e -> e.getState() == KeeperState.Expired));
        } finally {
            late.close();
        }
    }

    @Test
    void existsWatchOnMissingNodeFiresNodeCreatedOnce() throws Exception {
        EventLog watch = new EventLog();
        assertThat(zk.exists("/born", watch)).isNull();

        Stat stat = new Stat();
        zk.create("/born", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        zk.setData("/born", bytes("later"), -1);
        EventLog.settle(zk);

        assertThat(watch.events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.NodeCreated);
            assertThat(e.getPath()).isEqualTo("/born");
            assertThat(e.getState()).isEqualTo(KeeperState.SyncConnected);
            assertThat(e.getZxid()).isEqualTo(stat.getCzxid());
        });
    }

    @Test
    void dataWatchFiresNodeDataChangedOnceForTwoWrites() throws Exception {
        zk.create("/watched", bytes("0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        EventLog watch = new EventLog();
        zk.getData("/watched", watch, null);

        Stat first = zk.setData("/watched", bytes("1"), -1);
        zk.setData("/watched", bytes("2"), -1);
        EventLog.settle(zk);

        assertThat(watch.events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.NodeDataChanged);
            assertThat(e.getPath()).isEqualTo("/watched");
            assertThat(e.getZxid()).isEqualTo(first.getMzxid());
        });
    }

    @Test
    void childWatchFiresNodeChildrenChangedOnceAndDataWatchSeesNodeDeleted() throws Exception {
        zk.create("/family", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/family/old", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        EventLog children = new EventLog();
        EventLog data = new EventLog();
        zk.getChildren("/family", children);
        zk.getData("/family/old", data, null);

        zk.create("/family/new", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.delete("/family/old", -1);
        EventLog.settle(zk);

        assertThat(children.events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.NodeChildrenChanged);
            assertThat(e.getPath()).isEqualTo("/family");
        });
        assertThat(data.events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.NodeDeleted);
            assertThat(e.getPath()).isEqualTo("/family/old");
        });
    }

    @Test
    void getChildren2ReportsTheParentsStat() throws Exception {
        zk.create("/kids", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (String kid : List.of("a", "b", "c")) {
            zk.create("/kids/" + kid, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        Stat lastCreated = zk.exists("/kids/c", false);
        zk.delete("/kids/a", -1);

        Stat stat = new Stat();
        List<String> kids = zk.getChildren("/kids", false, stat);

        assertThat(kids).containsExactlyInAnyOrder("b", "c");
        assertThat(stat.getNumChildren()).isEqualTo(2);
        assertThat(stat.getCversion()).isEqualTo(4);
        assertThat(stat.getPzxid()).isGreaterThan(lastCreated.getCzxid());
        assertThat(stat).isEqualTo(zk.exists("/kids", false));
    }

    @Test
    void multiAppliesEveryOpUnderOneZxid() throws Exception {
        List<OpResult> results = zk.multi(List.of(
                Op.create("/multi", bytes("v0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/multi/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/multi", bytes("v1"), 0),
                Op.check("/multi", 1),
                Op.delete("/multi/child", 0)));

        assertThat(results).hasExactlyElementsOfTypes(OpResult.CreateResult.class, OpResult.CreateResult.class,
                OpResult.SetDataResult.class, OpResult.CheckResult.class, OpResult.DeleteResult.class);
        assertThat(((OpResult.CreateResult) results.get(0)).getPath()).isEqualTo("/multi");
        Stat afterSet = ((OpResult.SetDataResult) results.get(2)).getStat();
        assertThat(afterSet.getMzxid()).isEqualTo(afterSet.getCzxid());
        Stat stored = new Stat();
        assertThat(zk.getData("/multi", false, stored)).isEqualTo(bytes("v1"));
        assertThat(stored.getPzxid()).isEqualTo(stored.getCzxid());
        assertThat(stored.getNumChildren()).isZero();
    }

    @Test
    void failedMultiChangesNothingAndReportsAnErrorResultPerOp() throws Exception {
        zk.create("/taken", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat before = zk.exists("/", false);

        KeeperException failure = catchThrowableOfType(KeeperException.NodeExistsException.class, () -> zk.multi(List.of(
                Op.create("/m1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/taken", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/m2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));

        assertThat(failure).isNotNull();
        assertThat(failure.getResults())
                .map(r -> ((OpResult.ErrorResult) r).getErr())
                .containsExactly(0, KeeperException.Code.NODEEXISTS.intValue(),
                        KeeperException.Code.RUNTIMEINCONSISTENCY.intValue());
        assertThat(zk.exists("/m1", false)).isNull();
        assertThat(zk.exists("/m2", false)).isNull();
        Stat after = zk.exists("/", false);
        assertThat(after.getCversion()).isEqualTo(before.getCversion());
        assertThat(after.getNumChildren()).isEqualTo(before.getNumChildren());
    }

    @Test
    void removingOneWatcherIsConfirmedByTheServerAndKeepsTheConnection() throws Exception {
        zk.create("/unwatched", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        EventLog states = new EventLog();
        ZooKeeper own = new ZooKeeper(server.connectString(), 30_000, states);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> own.getState() == ZooKeeper.States.CONNECTED);
            EventLog watch = new EventLog();
            own.getData("/unwatched", watch, null);

            own.removeWatches("/unwatched", watch, WatcherType.Data, false);

            zk.setData("/unwatched", bytes("changed"), -1);
            EventLog.settle(own);
            assertThat(watch.types()).containsExactly(EventType.DataWatchRemoved);
            assertThat(states.events()).noneMatch(e -> e.getState() == KeeperState.Disconnected);
        } finally {
            own.close();
        }
    }
}
