package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** autopurge.snapRetainCount and autopurge.purgeInterval, as ZooKeeper's DatadirCleanupManager runs them. */
class AutopurgeTest {
    @TempDir
    Path dir;

    private List<Long> zxidsOf(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("version-2"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + "."))
                    .map(n -> Long.parseLong(n.substring(prefix.length() + 1), 16)).sorted().toList();
        }
    }

    @Test
    void keepsTheNewestSnapshotsAndTheLogsTheyNeedAndTheDataSurvivesARestart() throws Exception {
        // snapCount 10: a roll and a snapshot every 5 to 9 txns; purge every 100 ms, keeping 3.
        try (ServerFixture fixture = new ServerFixture(dir, port -> ServerFixture.builder(dir, port).snapCount(10)
                .autopurge(3, Duration.ofMillis(100)).build())) {
            ZooKeeper zk = fixture.client();
            for (int i = 0; i < 100; i++) {
                zk.create("/n" + i, new byte[] {(byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> zxidsOf("snapshot").size() == 3);
            long oldestSnapshot = zxidsOf("snapshot").get(0);
            List<Long> logs = zxidsOf("log");
            assertThat(logs.get(0)).as("the log holding the txns right after the oldest snapshot is kept")
                    .isLessThanOrEqualTo(oldestSnapshot + 1);
            assertThat(logs.stream().filter(z -> z <= oldestSnapshot)).hasSizeLessThanOrEqualTo(1);

            fixture.restart();
            ZooKeeper after = fixture.client();
            assertThat(after.getChildren("/", false)).hasSize(101);
            assertThat(after.getData("/n99", false, null)).containsExactly(99);
        }
    }

    @Test
    void aRetainCountBelowThreeIsRaisedToThreeAsInZooKeeper() {
        assertThat(ServerFixture.builder(dir, 0).autopurge(1, Duration.ofHours(1)).build().snapRetainCount())
                .isEqualTo(3);
    }
}
