package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.storage.file.FileStorageBackend;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged newest snapshot: the server falls back to an older one and the logs after it, and
 * refuses to start, saying why, when those logs no longer hold everything.
 */
class DamagedDataDirTest {
    private static final int NODES = 60;

    @TempDir
    Path dir;
    private ServerFixture fixture;

    @BeforeEach
    void writeThroughSeveralSnapshots() throws Exception {
        // snapCount 10: a snapshot and a new log file every 5 to 9 txns.
        fixture = new ServerFixture(dir, port -> ServerFixture.builder(dir, port).snapCount(10).build());
        ZooKeeper zk = fixture.client();
        for (int i = 0; i < NODES; i++) {
            zk.create("/n" + i, new byte[] {(byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        fixture.server.close();
        fixture.server = null;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private List<Path> files(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("version-2"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix + "."))
                    .sorted((a, b) -> Long.compare(zxid(a), zxid(b))).toList();
        }
    }

    private static long zxid(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('.') + 1), 16);
    }

    private Path damageNewestSnapshot() throws IOException {
        List<Path> snapshots = files("snapshot");
        assertThat(snapshots).hasSizeGreaterThan(3);
        Path newest = snapshots.get(snapshots.size() - 1);
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0xff);
        }
        return newest;
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToTheOlderOneAndTheLogsAfterIt() throws Exception {
        damageNewestSnapshot();
        fixture.start(0);
        ZooKeeper zk = fixture.client();
        assertThat(zk.getChildren("/", false)).hasSize(NODES + 1);
        assertThat(zk.getData("/n" + (NODES - 1), false, null)).containsExactly(NODES - 1);
    }

    @Test
    void aMissingLogBetweenTheOlderSnapshotAndTheNewestRefusesToStart() throws Exception {
        Path newest = damageNewestSnapshot();
        List<Path> snapshots = files("snapshot");
        long older = zxid(snapshots.get(snapshots.size() - 2));
        // The log holding the txns right after the older snapshot, as a purge for the newest would remove it.
        Path needed = files("log").stream().filter(l -> zxid(l) <= older + 1).reduce((a, b) -> b).orElseThrow();
        Files.delete(needed);
        assertThatThrownBy(() -> fixture.start(0)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing").hasMessageContaining("refusing to start");
        assertThat(newest).exists();
    }

    @Test
    void aDamagedSnapshotBeyondTheEndOfTheLogRefusesToStart() throws Exception {
        Path newest = damageNewestSnapshot();
        List<Path> snapshots = files("snapshot");
        long older = zxid(snapshots.get(snapshots.size() - 2));
        // The log ends right after the older snapshot: what only the newest one held is gone.
        try (Storage storage = new FileStorageBackend().open(StorageOptions.of(dir))) {
            storage.txnLog().truncateAfter(older + 1);
        }
        assertThatThrownBy(() -> fixture.start(0)).isInstanceOf(IOException.class)
                .hasMessageContaining(newest.getFileName().toString().substring("snapshot.".length()))
                .hasMessageContaining("would be lost");
    }
}
