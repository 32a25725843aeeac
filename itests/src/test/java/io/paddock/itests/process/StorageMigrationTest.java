package io.paddock.itests.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.testkit.Loopback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator changes {@code storage} in zoo.cfg between restarts: the database moves from file
 * storage to RocksDB and back, through a SIGKILL on each side, and nothing acknowledged is lost.
 */
class StorageMigrationTest {
    @TempDir
    Path dir;

    private static void useStorage(PaddockProcess server, String storage) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(server.config(), StandardCharsets.UTF_8));
        lines.removeIf(l -> l.startsWith("storage="));
        lines.add("storage=" + storage);
        Files.write(server.config(), lines, StandardCharsets.UTF_8);
    }

    private static void createAll(ZooKeeper zk, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            zk.create("/" + prefix + i, (prefix + i).getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
        }
    }

    @Test
    void theDatabaseMovesToRocksDbAndBackAcrossKills() throws Exception {
        try (PaddockProcess server = new PaddockProcess(dir, "StorageMigrationTest", Loopback.freePort(),
                cfg -> cfg.put("snapCount", "100"))) {
            server.start();
            Stat fileStat;
            try (ZooKeeper zk = server.connect()) {
                createAll(zk, "file", 300);
                fileStat = zk.exists("/file299", false);
            }
            assertThat(server.kill()).isEqualTo(137);

            useStorage(server, "rocksdb");
            server.start();
            assertThat(server.logged("moving the database")).isTrue();
            try (ZooKeeper zk = server.connect()) {
                assertThat(zk.exists("/file299", false)).isEqualTo(fileStat);
                createAll(zk, "rocks", 300);
            }
            assertThat(Files.readString(server.dataDir().resolve("paddock.storage"))).isEqualTo("rocksdb");
            assertThat(server.kill()).isEqualTo(137);

            useStorage(server, "file");
            server.start();
            try (ZooKeeper zk = server.connect()) {
                assertThat(zk.getChildren("/", false)).hasSize(601);
                assertThat(zk.getData("/rocks299", false, null)).isEqualTo("rocks299".getBytes(StandardCharsets.UTF_8));
                assertThat(zk.exists("/file299", false)).isEqualTo(fileStat);
            }
            assertThat(Files.readString(server.dataDir().resolve("paddock.storage"))).isEqualTo("file");
        }
    }
}
