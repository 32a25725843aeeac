package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.transport.nio.NioTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving the database between storage backends: at start, when the configured backend is not
 * the one holding it, and on a running server, with clients connected and writing.
 */
class StorageHandoverTest {
    private static final StorageBackend FILE = new FileStorageBackend();
    private static final StorageBackend ELSEWHERE = new ElsewhereStorageBackend();
    private static final Map<String, StorageBackend> INSTALLED = Map.of(FILE.name(), FILE, ELSEWHERE.name(), ELSEWHERE);

    @TempDir
    Path dir;
    private final NioTransport transport = new NioTransport();
    private StandaloneServer server;
    private int port;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        transport.close();
    }

    private void start(StorageBackend backend) throws IOException {
        server = StandaloneServer.start(ServerFixture.settings(dir, port), transport, backend, INSTALLED::get,
                message -> { });
        port = server.clientAddress().getPort();
    }

    private void restartOn(StorageBackend backend) throws IOException {
        server.close();
        server = null;
        start(backend);
    }

    private ZooKeeper client(Watcher watcher) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
            watcher.process(e);
        });
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
        return zk;
    }

    private String marker() throws IOException {
        return Files.readString(dir.resolve("paddock.storage"), StandardCharsets.UTF_8);
    }

    @Test
    void aChangedBackendAtStartTakesTheDatabaseOverAndBackAgain() throws Exception {
        start(FILE);
        assertThat(marker()).isEqualTo("file");
        ZooKeeper zk = client(e -> { });
        zk.create("/a", "1".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/a/eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Stat a = zk.exists("/a", false);
        long session = zk.getSessionId();
        byte[] password = zk.getSessionPasswd();

        restartOn(ELSEWHERE);
        assertThat(marker()).isEqualTo(ElsewhereStorageBackend.NAME);
        assertThat(Files.isDirectory(dir.resolve("elsewhere/version-2"))).isTrue();
        ZooKeeper resumed = new ZooKeeper("127.0.0.1:" + port, 10_000, e -> { }, session, password);
        await().atMost(Duration.ofSeconds(10)).until(() -> resumed.getState().isConnected());
        assertThat(resumed.getSessionId()).isEqualTo(session);
        assertThat(resumed.exists("/a", false)).isEqualTo(a);
        assertThat(resumed.getEphemerals("/")).containsExactly("/a/eph");
        resumed.setData("/a", "2".getBytes(), -1);
        resumed.create("/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        // Back to file storage, which still holds the database as it was before the first move.
        restartOn(FILE);
        assertThat(marker()).isEqualTo("file");
        ZooKeeper back = client(e -> { });
        assertThat(back.getData("/a", false, null)).isEqualTo("2".getBytes());
        assertThat(back.exists("/b", false)).isNotNull();
        back.create("/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        restartOn(FILE);
        ZooKeeper again = client(e -> { });
        assertThat(again.getChildren("/", false)).containsExactlyInAnyOrder("zookeeper", "a", "b", "c");
        for (ZooKeeper z : List.of(zk, resumed, back, again)) {
            z.close(1000);
        }
    }

    @Test
    void aRunningServerHandsTheDatabaseOverWhileAClientWritesAndStaysConnected() throws Exception {
        start(FILE);
        AtomicInteger disconnects = new AtomicInteger();
        ZooKeeper zk = client(e -> {
            if (e.getState() == Watcher.Event.KeeperState.Disconnected) {
                disconnects.incrementAndGet();
            }
        });
        long session = zk.getSessionId();
        Set<Integer> acknowledged = new ConcurrentSkipListSet<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                try {
                    zk.create("/n" + i, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    acknowledged.add(i);
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 200);
            server.switchStorage(ELSEWHERE);
            assertThat(server.storageName()).isEqualTo(ElsewhereStorageBackend.NAME);
            assertThat(marker()).isEqualTo(ElsewhereStorageBackend.NAME);
            int atSwitch = acknowledged.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= atSwitch + 200);
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
        assertThat(disconnects).hasValue(0);
        assertThat(zk.getSessionId()).isEqualTo(session);
        int written = acknowledged.size();
        assertThat(zk.getAllChildrenNumber("/")).isEqualTo(written + 3); // and /zookeeper, its quota and config
        zk.close(1000);

        restartOn(ELSEWHERE);
        ZooKeeper after = client(e -> { });
        for (int i : acknowledged) {
            assertThat(after.exists("/n" + i, false)).as("/n" + i).isNotNull();
        }
        assertThat(after.getChildren("/", false)).hasSize(written + 1);
        after.close(1000);
    }

    @Test
    void aDatabaseHeldByABackendThatIsNotInstalledRefusesToStartSayingWhich() throws Exception {
        start(ELSEWHERE);
        server.close();
        server = null;
        assertThatThrownBy(() -> StandaloneServer.start(ServerFixture.settings(dir, 0), transport, FILE,
                message -> { })).isInstanceOf(IOException.class).hasMessageContaining("elsewhere")
                .hasMessageContaining("not installed");
    }
}
