package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.api.testkit.RawClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up or fails its syncs: writes fail with an error to the client, nothing is
 * acknowledged that is not on disk, reads go on, and the server takes writes again once the
 * disk has room (after a failed sync: once restarted).
 */
class LogFaultTest {
    @TempDir
    Path dir;
    private final FaultyStorageBackend disk = new FaultyStorageBackend();
    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir, port -> ServerFixture.settings(dir, port), disk);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes();
    }

    private static void create(ZooKeeper zk, String path) throws Exception {
        zk.create(path, bytes(path), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @Test
    void aFullDiskRefusesWritesKeepsReadsAndTheServerWritesAgainOnceThereIsRoom() throws Exception {
        ZooKeeper zk = fixture.client();
        create(zk, "/a");
        long before = zk.exists("/a", false).getMzxid();

        disk.diskFull = true;
        assertThatThrownBy(() -> create(zk, "/b")).isInstanceOf(KeeperException.NotReadOnlyException.class);
        assertThatThrownBy(() -> zk.setData("/a", bytes("x"), -1))
                .isInstanceOf(KeeperException.NotReadOnlyException.class);
        assertThatThrownBy(() -> zk.delete("/missing", -1)) // even a write that would fail is refused
                .isInstanceOf(KeeperException.NotReadOnlyException.class);
        List<CompletableFuture<KeeperException.Code>> pipelined = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CompletableFuture<KeeperException.Code> f = new CompletableFuture<>();
            zk.create("/p-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                    (rc, path, ctx, name) -> f.complete(KeeperException.Code.get(rc)), null);
            pipelined.add(f);
        }
        for (CompletableFuture<KeeperException.Code> f : pipelined) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(KeeperException.Code.NOTREADONLY);
        }
        assertThat(zk.getData("/a", false, null)).isEqualTo(bytes("/a"));
        assertThat(zk.exists("/b", false)).isNull();

        disk.diskFull = false;
        create(zk, "/b");
        Stat b = zk.exists("/b", false);
        assertThat(b.getCzxid()).as("the refused txns gave their zxids back").isEqualTo(before + 1);
        assertThat(zk.getChildren("/", false)).containsExactlyInAnyOrder("zookeeper", "a", "b");
        String seq = zk.create("/p-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        assertThat(seq).isEqualTo("/p-0000000002"); // the root's cversion counts only what happened

        fixture.restart();
        ZooKeeper after = fixture.client();
        assertThat(after.getChildren("/", false)).containsExactlyInAnyOrder("zookeeper", "a", "b", "p-0000000002");
        assertThat(after.getData("/a", false, null)).isEqualTo(bytes("/a"));
        assertThat(after.exists("/b", false)).isEqualTo(b);
    }

    @Test
    void aCloseRefusedByAFullDiskLeavesTheSessionToExpireOnceThereIsRoom() throws Exception {
        ZooKeeper owner = new ZooKeeper(fixture.connectString(), 400, e -> { });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.getState().isConnected());
            owner.create("/e", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            disk.diskFull = true;
            owner.close(2000); // the client gives up on the refused close and drops the connection
        } finally {
            disk.diskFull = false;
        }
        ZooKeeper zk = fixture.client();
        await().atMost(Duration.ofSeconds(10)).until(() -> zk.exists("/e", false) == null);
    }

    @Test
    void afterAFailedSyncEveryWriteIsRefusedUntilARestartAndNothingRefusedComesBack() throws Exception {
        ZooKeeper zk = fixture.client();
        create(zk, "/a");

        disk.syncFails = true;
        assertThatThrownBy(() -> create(zk, "/x")).isInstanceOf(KeeperException.NotReadOnlyException.class);
        disk.syncFails = false;
        assertThatThrownBy(() -> create(zk, "/y")).isInstanceOf(KeeperException.NotReadOnlyException.class);
        assertThat(zk.getData("/a", false, null)).isEqualTo(bytes("/a"));
        assertThat(RawClient.fourLetterWord(fixture.port(), "isro")).isEqualTo("ro");

        fixture.restart();
        ZooKeeper after = fixture.client();
        assertThat(after.getChildren("/", false)).containsExactlyInAnyOrder("zookeeper", "a");
        create(after, "/z");
        assertThat(RawClient.fourLetterWord(fixture.port(), "isro")).isEqualTo("rw");
        assertThat(fixture.fatalMessages()).isEmpty();
    }
}
