package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.proto.OpCode;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.storage.file.FileStorageBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container and TTL reaper in a running server, seen by the stock ZooKeeper client
 * (protocol.md section 9.2, "Reaper"). The reaper looks every 50 ms here.
 */
class ContainerReapingTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    ServerFixture fixture;
    ZooKeeper zk;

    private void start(int maxPerMinute, long maxNeverUsedIntervalMs) throws Exception {
        fixture = new ServerFixture(dir, port -> ServerFixture.builder(dir, port).extendedTypesEnabled(true)
                .containerReaper(50, maxPerMinute, maxNeverUsedIntervalMs).build());
        zk = fixture.client();
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void container(String path) throws Exception {
        zk.create(path, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
    }

    private Stat ttlNode(String path, long ttl) throws Exception {
        Stat stat = new Stat();
        zk.create(path, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, stat, ttl);
        return stat;
    }

    private void persistent(String path) throws Exception {
        zk.create(path, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    private void awaitGone(String path) {
        await().atMost(BOUND).until(() -> zk.exists(path, false) == null);
    }

    /** A container emptied now, so its deletion proves that a reaper pass has run since. */
    private void awaitAPass() throws Exception {
        container("/marker");
        persistent("/marker/x");
        zk.delete("/marker/x", -1);
        awaitGone("/marker");
    }

    /** Stops the server and reads its whole txn log. */
    private List<TxnEntry> loggedTxns() throws Exception {
        fixture.close();
        fixture = null;
        List<TxnEntry> entries = new ArrayList<>();
        try (Storage storage = new FileStorageBackend().open(new StorageOptions(dir, dir, 2 * 0xfffff, 0));
             TxnReader reader = storage.txnLog().readAfter(0)) {
            for (TxnEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static TxnEntry reapOf(List<TxnEntry> log, String path) {
        return log.stream().filter(e -> e.type() == OpCode.DELETE_CONTAINER
                && e.txn() instanceof DeleteTxn d && d.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void containerEmptiedAfterHavingAChildIsDeletedLikeADelete() throws Exception {
        start(10000, 0);
        container("/c");
        persistent("/c/x");
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        zk.exists("/c", events::add);
        zk.getChildren("/", events::add);
        zk.delete("/c/x", -1);
        awaitGone("/c");
        List<EventType> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            WatchedEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("watch event %d", i).isNotNull();
            seen.add(e.getType());
            assertThat(e.getPath()).isEqualTo(e.getType() == EventType.NodeDeleted ? "/c" : "/");
        }
        assertThat(seen).containsExactlyInAnyOrder(EventType.NodeDeleted, EventType.NodeChildrenChanged);
        TxnEntry reap = reapOf(loggedTxns(), "/c");
        assertThat(reap.header().clientId()).isZero();
        assertThat(reap.zxid()).isPositive();
    }

    @Test
    void containerThatNeverHadAChildStays() throws Exception {
        start(10000, 0);
        container("/never");
        awaitAPass();
        assertThat(zk.exists("/never", false)).isNotNull();
    }

    @Test
    void containerThatNeverHadAChildGoesAfterMaxNeverUsedInterval() throws Exception {
        start(10000, 200);
        container("/never");
        Stat created = zk.exists("/never", false);
        awaitGone("/never");
        TxnEntry reap = reapOf(loggedTxns(), "/never");
        assertThat(reap.header().time() - created.getMtime()).isGreaterThan(200);
    }

    @Test
    void containerWithChildrenStays() throws Exception {
        start(10000, 0);
        container("/c");
        persistent("/c/x");
        persistent("/c/y");
        zk.delete("/c/y", -1);
        awaitAPass();
        assertThat(zk.exists("/c", false)).isNotNull();
        assertThat(zk.getChildren("/c", false)).containsExactly("x");
    }

    @Test
    void ttlNodeWithoutChildrenExpiresAfterItsTtl() throws Exception {
        start(10000, 0);
        Stat created = ttlNode("/t", 200);
        awaitGone("/t");
        TxnEntry reap = reapOf(loggedTxns(), "/t");
        assertThat(reap.header().time() - created.getMtime()).isGreaterThan(200);
    }

    @Test
    void setDataRestartsTheTtlClock() throws Exception {
        start(10000, 0);
        ttlNode("/t", 300);
        await().atMost(BOUND).until(() -> zk.exists("/t", false) != null);
        Stat set = zk.setData("/t", new byte[] {1}, -1);
        awaitGone("/t");
        TxnEntry reap = reapOf(loggedTxns(), "/t");
        assertThat(reap.header().time() - set.getMtime()).isGreaterThan(300);
    }

    @Test
    void ttlNodeWithChildrenStays() throws Exception {
        start(10000, 0);
        ttlNode("/t", 50);
        persistent("/t/x");
        ttlNode("/due", 50); // created after /t, so once it is gone /t was due too, but for its child
        awaitGone("/due");
        awaitAPass();
        assertThat(zk.exists("/t", false)).isNotNull();
    }

    @Test
    void noMoreThanMaxPerMinuteAreDeleted() throws Exception {
        start(3, 0);
        for (int i = 0; i < 5; i++) {
            ttlNode("/t" + i, 1);
        }
        await().atMost(BOUND).until(() -> zk.getChildren("/", false).stream().filter(c -> c.startsWith("t")).count() == 2);
        // Many passes run in this time; none may delete more within the minute.
        await().during(Duration.ofMillis(500)).atMost(BOUND)
                .until(() -> zk.getChildren("/", false).stream().filter(c -> c.startsWith("t")).count() == 2);
        assertThat(loggedTxns().stream().filter(e -> e.type() == OpCode.DELETE_CONTAINER)).hasSize(3);
    }
}
