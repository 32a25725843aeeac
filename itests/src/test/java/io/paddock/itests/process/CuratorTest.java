package io.paddock.itests.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.OperationType;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache Curator 5.9 and its recipes against the real distribution. */
class CuratorTest {
    @TempDir
    static Path dir;
    static PaddockProcess server;
    CuratorFramework client;

    @BeforeAll
    static void start() {
        server = PaddockProcess.started(dir, "CuratorTest");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void connect() throws InterruptedException {
        client = newClient();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static CuratorFramework newClient() throws InterruptedException {
        return newClient(true);
    }

    private static CuratorFramework newClient(boolean ensembleTracker) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .ensembleTracker(ensembleTracker)
                .connectString(server.connectString())
                .sessionTimeoutMs(30_000)
                .connectionTimeoutMs(15_000)
                .retryPolicy(new ExponentialBackoffRetry(100, 5))
                .build();
        c.start();
        if (!c.blockUntilConnected(30, TimeUnit.SECONDS)) {
            c.close();
            throw new AssertionError("curator did not connect within 30 s; " + server.logTail());
        }
        return c;
    }

    @Test
    void frameworkCreatesParentsReadsWritesAndDeletesATree() throws Exception {
        String path = client.create().creatingParentsIfNeeded().forPath("/app/config/db", "v1".getBytes(UTF_8));
        assertThat(path).isEqualTo("/app/config/db");
        assertThat(client.checkExists().forPath("/app/config")).isNotNull();

        Stat stat = new Stat();
        assertThat(client.getData().storingStatIn(stat).forPath("/app/config/db")).isEqualTo("v1".getBytes(UTF_8));
        assertThat(stat.getVersion()).isZero();
        Stat written = client.setData().withVersion(0).forPath("/app/config/db", "v2".getBytes(UTF_8));
        assertThat(written.getVersion()).isEqualTo(1);
        assertThat(client.getChildren().forPath("/app")).containsExactly("config");

        client.delete().deletingChildrenIfNeeded().forPath("/app");

        assertThat(client.checkExists().forPath("/app")).isNull();
    }

    @Test
    void transactionCommitsAllOperations() throws Exception {
        client.create().forPath("/txn", "0".getBytes(UTF_8));

        List<CuratorTransactionResult> results = client.transaction().forOperations(
                client.transactionOp().create().forPath("/txn/a", "a".getBytes(UTF_8)),
                client.transactionOp().setData().withVersion(0).forPath("/txn", "1".getBytes(UTF_8)),
                client.transactionOp().check().withVersion(1).forPath("/txn"),
                client.transactionOp().delete().forPath("/txn/a"));

        assertThat(results).extracting(CuratorTransactionResult::getType)
                .containsExactly(OperationType.CREATE, OperationType.SET_DATA, OperationType.CHECK, OperationType.DELETE);
        assertThat(results).allMatch(r -> r.getError() == 0);
        assertThat(client.getData().forPath("/txn")).isEqualTo("1".getBytes(UTF_8));
        assertThat(client.checkExists().forPath("/txn/a")).isNull();
    }

    @Test
    void interProcessMutexIsHeldByOneClientAtATime() throws Exception {
        try (CuratorFramework other = newClient()) {
            InterProcessMutex mine = new InterProcessMutex(client, "/locks/m");
            InterProcessMutex theirs = new InterProcessMutex(other, "/locks/m");

            assertThat(mine.acquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(theirs.acquire(300, TimeUnit.MILLISECONDS)).as("taken while held elsewhere").isFalse();
            assertThat(mine.acquire(1, TimeUnit.SECONDS)).as("re-entrant for its holder").isTrue();
            mine.release();
            mine.release();

            assertThat(theirs.acquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(mine.acquire(300, TimeUnit.MILLISECONDS)).isFalse();
            theirs.release();
            assertThat(client.getChildren().forPath("/locks/m")).isEmpty();
        }
    }

    @Test
    void leaderLatchElectsExactlyOneOfTwoAndHandsOverOnClose() throws Exception {
        try (CuratorFramework other = newClient()) {
            LeaderLatch first = new LeaderLatch(client, "/election", "first");
            LeaderLatch second = new LeaderLatch(other, "/election", "second");
            first.start();
            second.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.hasLeadership() || second.hasLeadership());
                assertThat(first.hasLeadership() && second.hasLeadership()).isFalse();
                assertThat(first.getLeader().getId()).isEqualTo(second.getLeader().getId());
                LeaderLatch leader = first.hasLeadership() ? first : second;
                LeaderLatch follower = leader == first ? second : first;

                leader.close();

                assertThat(follower.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(follower.getParticipants()).hasSize(1);
            } finally {
                for (LeaderLatch latch : List.of(first, second)) {
                    if (latch.getState() == LeaderLatch.State.STARTED) {
                        latch.close();
                    }
                }
            }
        }
    }

    @Test
    void ephemeralPersistentNodeDisappearsWhenItsClientCloses() throws Exception {
        // Without the ensemble tracker: its close sends checkWatches, which Paddock does not
        // implement yet (see StockClientTest and defaultCuratorClientEndsItsSessionOnClose).
        CuratorFramework owner = newClient(false);
        try {
            // Not closed: closing it would delete the node itself; the point is the session's end.
            PersistentNode node = new PersistentNode(owner, CreateMode.EPHEMERAL, false, "/members/one",
                    "here".getBytes(UTF_8));
            node.start();
            assertThat(node.waitForInitialCreate(30, TimeUnit.SECONDS)).isTrue();
            assertThat(client.getData().forPath("/members/one")).isEqualTo("here".getBytes(UTF_8));
            assertThat(client.checkExists().forPath("/members/one").getEphemeralOwner())
                    .isEqualTo(owner.getZookeeperClient().getZooKeeper().getSessionId());
        } finally {
            owner.close();
        }

        // close() returns once the session is closed, as with ZooKeeper: no waiting for expiry
        assertThat(client.checkExists().forPath("/members/one")).isNull();
    }

    @Test
    void defaultCuratorClientEndsItsSessionOnClose() throws Exception {
        for (int i = 0; i < 10; i++) {
            CuratorFramework owner = newClient(true);
            try {
                owner.create().withMode(CreateMode.EPHEMERAL).forPath("/default-" + i);
            } finally {
                owner.close();
            }
            assertThat(client.checkExists().forPath("/default-" + i))
                    .as("ephemeral of client %d right after its close()", i).isNull();
        }
    }
}
