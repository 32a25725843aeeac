package io.paddock.itests.ensemble;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.itests.ensemble.Ensemble.Member;
import io.paddock.itests.process.EventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three voters and one observer ({@code server.4=...:observer}, {@code peerType=observer}): the
 * observer serves its clients reads of what the voters committed and forwards their writes, but
 * it has no vote: with two voters down there is no quorum, however alive the observer is.
 */
class EnsembleObserverTest {
    /**
     * How long a lost quorum is watched for a leader or a write that must not come: several
     * times the syncLimit in which a leader without followers steps down (5 ticks of 200 ms) and
     * many election rounds (a lone voter's first ones take a few hundred ms).
     */
    private static final Duration NO_QUORUM_WATCH = Duration.ofSeconds(4);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its data dirs for the diagnosis
    static Path dir;
    static Ensemble ensemble;

    @BeforeAll
    static void start() {
        ensemble = Ensemble.started(dir, "EnsembleObserverTest", 3, 1);
    }

    @AfterAll
    static void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @BeforeEach
    void allMembersServe() {
        ensemble.startAll();
        ensemble.awaitQuorum();
    }

    @Test
    void theObserverServesReadsOfCommittedWritesAndWatchesAndForwardsItsClientsWrites() throws Exception {
        Member observer = ensemble.member(4);
        Member leader = ensemble.awaitQuorum();
        Member follower = ensemble.voters().stream().filter(m -> m != leader).findFirst().orElseThrow();
        assertThat(observer.mode()).contains("observer");

        try (ZooKeeper voter = Ensemble.connect(follower); ZooKeeper watching = Ensemble.connect(observer)) {
            assertThat(watching.getSessionId() >>> 56).as("top byte of a session made by the observer").isEqualTo(4);
            voter.create("/observed", "v0".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int i = 1; i <= 20; i++) {
                voter.setData("/observed", ("v" + i).getBytes(UTF_8), i - 1);
            }

            watching.sync("/observed");
            Stat stat = new Stat();
            assertThat(new String(watching.getData("/observed", false, stat), UTF_8)).isEqualTo("v20");
            assertThat(stat.getVersion()).isEqualTo(20);

            EventLog changed = new EventLog();
            watching.getData("/observed", changed, null);
            voter.setData("/observed", "v21".getBytes(UTF_8), 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> changed.types().contains(EventType.NodeDataChanged));

            watching.create("/observed/from-observer", "o".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL);
            voter.sync("/observed");
            assertThat(voter.exists("/observed/from-observer", false).getEphemeralOwner())
                    .isEqualTo(watching.getSessionId());
        }
    }

    /** Which two voters die. */
    enum Pair {
        BOTH_FOLLOWERS, LEADER_AND_A_FOLLOWER
    }

    /**
     * With two of three voters SIGKILLed only one voter is left, and the observer must not make up a
     * quorum with it: no member serves for long (a surviving leader steps down within syncLimit), no
     * leader is elected, and no write sent through the survivors is acknowledged. Once the voters
     * are back the ensemble serves again and the observer has every write.
     */
    @ParameterizedTest(name = "killing {0}")
    @EnumSource(Pair.class)
    void killingTwoVotersStopsWritesThoughTheObserverIsUp(Pair pair) throws Exception {
        Member leader = ensemble.awaitQuorum();
        Member observer = ensemble.member(4);
        List<Member> followers = ensemble.voters().stream().filter(m -> m != leader).toList();
        List<Member> killed = pair == Pair.BOTH_FOLLOWERS ? followers : List.of(leader, followers.get(0));
        Member survivor = ensemble.voters().stream().filter(m -> !killed.contains(m)).findFirst().orElseThrow();
        String base = "/no-quorum-" + pair.name().toLowerCase();
        try (ZooKeeper zk = Ensemble.connect(leader)) {
            zk.create(base, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }

        try (WriteProbe probe = new WriteProbe(base, List.of(survivor, observer))) {
            for (Member m : killed) {
                assertThat(ensemble.kill(m)).isEqualTo(137);
            }
            probe.start();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> survivor.mode().isEmpty() && observer.mode().isEmpty());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("with only server " + survivor.sid + " and the observer left, modes are "
                        + ensemble.modes() + " after 30 s\n" + ensemble.logTails(), e);
            }
            List<Optional<String>> seen = new CopyOnWriteArrayList<>();
            try {
                await().during(NO_QUORUM_WATCH).atMost(NO_QUORUM_WATCH.plusSeconds(5))
                        .pollInterval(Duration.ofMillis(50)).until(() -> {
                            Optional<String> s = survivor.mode();
                            Optional<String> o = observer.mode();
                            if (s.isPresent() || o.isPresent()) {
                                seen.add(s.isPresent() ? s : o);
                            }
                            return s.isEmpty() && o.isEmpty();
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("server " + survivor.sid + " or the observer served again without a quorum"
                        + " of voters: " + seen + "\n" + ensemble.logTails(), e);
            }
            assertThat(probe.attempts()).as("writes tried through the survivors").isPositive();
            assertThat(probe.acknowledged()).as("writes acknowledged with one voter of three up").isEmpty();
        }

        // The observer looks for a leader by polling the voters, with a timeout that doubles each
        // round (ZooKeeper's FastLeaderElection: voters send their notifications to voters only),
        // so after this outage it would find the new leader only when its timer next fires, 10 to 30 s
        // on. It is restarted with the voters, as an operator would, and syncs from the new leader.
        ensemble.member(4).process().stop();
        List<Member> starting = new ArrayList<>(killed);
        starting.add(observer);
        ensemble.start(starting.toArray(Member[]::new));
        ensemble.awaitQuorum();
        try (ZooKeeper zk = Ensemble.connect(survivor); ZooKeeper obs = Ensemble.connect(observer)) {
            zk.create(base + "/after", "back".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            obs.sync(base);
            assertThat(obs.getData(base + "/after", false, null)).isEqualTo("back".getBytes(UTF_8));
        }
    }

    /**
     * Tries creates, one after another, through each of the given members alone (stock clients,
     * each request given up after 3 s), and keeps those that were acknowledged.
     */
    private static final class WriteProbe implements AutoCloseable {
        private final String base;
        private final List<ZooKeeper> clients = new ArrayList<>();
        private final List<String> acknowledged = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int attempts;

        WriteProbe(String base, List<Member> through) throws Exception {
            this.base = base;
            ZKClientConfig config = new ZKClientConfig();
            config.setProperty(ZKClientConfig.ZOOKEEPER_REQUEST_TIMEOUT, "3000");
            for (Member m : through) {
                ZooKeeper zk = new ZooKeeper(m.connectString(), 30_000, e -> { }, false, config);
                clients.add(zk);
                await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
            }
            this.thread = new Thread(this::run, "write-probe");
        }

        void start() {
            thread.start();
        }

        private void run() {
            for (int n = 0; running; n++) {
                ZooKeeper zk = clients.get(n % clients.size());
                String path = base + "/attempt-" + n;
                attempts = n + 1;
                try {
                    zk.create(path, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    acknowledged.add(Instant.now() + " " + path);
                } catch (KeeperException e) {
                    // expected: connection loss or a request given up on; paced, not to spin on
                    // a client that fails at once while it has no server
                    try {
                        TimeUnit.MILLISECONDS.sleep(20);
                    } catch (InterruptedException i) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        int attempts() {
            return attempts;
        }

        List<String> acknowledged() {
            return List.copyOf(acknowledged);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
            for (ZooKeeper zk : clients) {
                zk.close(5_000);
            }
        }
    }
}
