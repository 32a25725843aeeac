package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock ZooKeeper 3.9 client against a standalone server, in process. */
class ClientApiTest {
    @TempDir
    Path dir;
    ServerFixture fixture;
    ZooKeeper zk;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir);
        zk = fixture.client();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createGetSetDeleteRoundTrip() throws Exception {
        assertThat(zk.create("/a", b("one"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo("/a");
        Stat stat = new Stat();
        assertThat(zk.getData("/a", false, stat)).isEqualTo(b("one"));
        assertThat(stat.getVersion()).isZero();
        assertThat(stat.getCzxid()).isEqualTo(stat.getMzxid()).isEqualTo(stat.getPzxid());
        Stat after = zk.setData("/a", b("two"), 0);
        assertThat(after.getVersion()).isEqualTo(1);
        assertThat(after.getMzxid()).isGreaterThan(after.getCzxid());
        assertThat(zk.getData("/a", false, null)).isEqualTo(b("two"));
        zk.delete("/a", 1);
        assertThat(zk.exists("/a", false)).isNull();
    }

    @Test
    void errorsCarryZooKeeperCodes() throws Exception {
        zk.create("/e", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/e/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThatThrownBy(() -> zk.create("/e", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NodeExistsException.class);
        assertThatThrownBy(() -> zk.create("/none/x", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NoNodeException.class);
        assertThatThrownBy(() -> zk.delete("/e", -1)).isInstanceOf(KeeperException.NotEmptyException.class);
        assertThatThrownBy(() -> zk.setData("/e", null, 7)).isInstanceOf(KeeperException.BadVersionException.class);
        assertThatThrownBy(() -> zk.getData("/missing", false, null))
                .isInstanceOf(KeeperException.NoNodeException.class);
        assertThatThrownBy(() -> zk.delete("/zookeeper", -1))
                .isInstanceOf(KeeperException.BadArgumentsException.class);
        zk.create("/eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        assertThatThrownBy(() -> zk.create("/eph/x", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NoChildrenForEphemeralsException.class);
    }

    @Test
    void sequentialNamesFollowTheParentsCversion() throws Exception {
        zk.create("/s", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(zk.create("/s/n-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL))
                .isEqualTo("/s/n-0000000000");
        assertThat(zk.create("/s/n-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL))
                .isEqualTo("/s/n-0000000001");
        zk.delete("/s/n-0000000000", -1);
        Stat stat = zk.exists("/s", false);
        assertThat(stat.getCversion()).isEqualTo(3);
        assertThat(stat.getNumChildren()).isEqualTo(1);
        assertThat(zk.create("/s/n-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL))
                .isEqualTo("/s/n-0000000002");
    }

    @Test
    void childrenAndStatOfGetChildren2() throws Exception {
        zk.create("/p", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/p/x", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/p/y", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat stat = new Stat();
        assertThat(zk.getChildren("/p", false, stat)).containsExactlyInAnyOrder("x", "y");
        assertThat(stat.getNumChildren()).isEqualTo(2);
        assertThat(zk.getChildren("/", false)).contains("p", "zookeeper");
    }

    @Test
    void ephemeralsVanishWhenTheSessionCloses() throws Exception {
        ZooKeeper other = fixture.client();
        other.create("/gone", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        assertThat(zk.exists("/gone", false).getEphemeralOwner()).isEqualTo(other.getSessionId());
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        zk.exists("/gone", events::add);
        other.close();
        WatchedEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.getType()).isEqualTo(EventType.NodeDeleted);
        assertThat(zk.exists("/gone", false)).isNull();
    }

    @Test
    void watchesFireOnceWithTheRightType() throws Exception {
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        zk.exists("/w", events::add);
        zk.create("/w", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(events.poll(10, TimeUnit.SECONDS).getType()).isEqualTo(EventType.NodeCreated);
        zk.getData("/w", events::add, null);
        zk.getChildren("/w", events::add);
        zk.setData("/w", b("x"), -1);
        assertThat(events.poll(10, TimeUnit.SECONDS).getType()).isEqualTo(EventType.NodeDataChanged);
        zk.setData("/w", b("y"), -1); // the data watch was one-shot
        zk.create("/w/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        WatchedEvent child = events.poll(10, TimeUnit.SECONDS);
        assertThat(child.getType()).isEqualTo(EventType.NodeChildrenChanged);
        assertThat(child.getPath()).isEqualTo("/w");
        zk.sync("/w");
        assertThat(events).isEmpty();
    }

    @Test
    void multiAppliesAllOrNothing() throws Exception {
        zk.create("/m", b("0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<OpResult> ok = zk.multi(List.of(
                Op.create("/m/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/m", b("1"), 0),
                Op.check("/m", 1),
                Op.delete("/m/a", 0)));
        assertThat(ok).hasSize(4);
        assertThat(((OpResult.CreateResult) ok.get(0)).getPath()).isEqualTo("/m/a");
        assertThat(((OpResult.SetDataResult) ok.get(1)).getStat().getVersion()).isEqualTo(1);
        assertThatThrownBy(() -> zk.multi(List.of(
                Op.create("/m/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.check("/m", 5),
                Op.create("/m/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))))
                .isInstanceOfSatisfying(KeeperException.class, e -> {
                    assertThat(e.code()).isEqualTo(KeeperException.Code.BADVERSION);
                    assertThat(e.getResults()).extracting(r -> ((OpResult.ErrorResult) r).getErr())
                            .containsExactly(0, KeeperException.Code.BADVERSION.intValue(),
                                    KeeperException.Code.RUNTIMEINCONSISTENCY.intValue());
                });
        assertThat(zk.exists("/m/b", false)).isNull();
    }

    @Test
    void writesSurviveARestart() throws Exception {
        zk.create("/keep", b("v"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setData("/keep", b("w"), -1);
        Stat before = zk.exists("/keep", false);
        fixture.restart();
        ZooKeeper again = fixture.client();
        Stat stat = new Stat();
        assertThat(again.getData("/keep", false, stat)).isEqualTo(b("w"));
        assertThat(stat).isEqualTo(before);
    }
}
