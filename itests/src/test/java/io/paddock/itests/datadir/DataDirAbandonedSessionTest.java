package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session open when its server stopped, whose client never comes back: the next server loads it
 * from the data dir (protocol.md sections 14 and 16.5) and must track it, so that it expires and
 * its ephemerals go, rather than live on forever.
 */
class DataDirAbandonedSessionTest {
    /** The least a server with a 2 s tick grants (2 ticks), so that the expiry comes soon. */
    private static final int SHORT_TIMEOUT_MS = 2 * ServerKind.TICK_TIME_MS;
    /** The session timeout, its expiry bucket and the closeSession txn, with room to spare. */
    private static final Duration EXPIRY_BOUND = Duration.ofSeconds(30);

    @Test
    void paddockExpiresASessionZooKeeperLeftOpen(@TempDir Path dataDir) throws Exception {
        abandonedSessionExpiresOnTheNextServer(ServerKind.ZOOKEEPER, ServerKind.PADDOCK, dataDir);
    }

    @Test
    void zooKeeperExpiresASessionPaddockLeftOpen(@TempDir Path dataDir) throws Exception {
        abandonedSessionExpiresOnTheNextServer(ServerKind.PADDOCK, ServerKind.ZOOKEEPER, dataDir);
    }

    private static void abandonedSessionExpiresOnTheNextServer(ServerKind first, ServerKind next, Path dataDir)
            throws Exception {
        Session abandoned;
        try (Leg leg = Leg.start(first, dataDir, new TreeModel())) {
            ZooKeeper zk = leg.connect(SHORT_TIMEOUT_MS);
            zk.create("/parent", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/parent/abandoned", "mine".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL);
            abandoned = new Session(zk.getSessionId(), zk.getSessionPasswd());
        }
        try (Leg leg = Leg.start(next, dataDir, new TreeModel())) {
            ZooKeeper observer = leg.connect();
            await("the abandoned session's ephemeral goes on " + leg.serverName()).atMost(EXPIRY_BOUND)
                    .until(() -> observer.exists("/parent/abandoned", false) == null);
            assertThat(observer.exists("/parent", false).getNumChildren()).isZero();
            leg.assertExpired(abandoned);
        }
    }
}
