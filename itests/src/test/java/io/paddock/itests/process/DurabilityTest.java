package io.paddock.itests.process;

import io.paddock.api.testkit.Loopback;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL while clients write as fast as it acknowledges must come back
 * with every write it acknowledged: an OK reply promises the txn is in the log (protocol.md 16).
 * A server that replied before its log write reached the file, or whose recovery dropped a
 * valid tail, fails here with the missing paths listed. (A SIGKILL leaves the page cache intact,
 * so a reply sent after write() but before fsync is not caught; that needs a power cut.)
 */
class DurabilityTest {
    private static final int WRITERS = 4;
    private static final int WINDOW = 100;
    private static final int ACKS_BEFORE_KILL = 3000;
    private static final int ROUNDS = 3;
    private static final String PARENT = "/durable";

    @TempDir
    Path dir;

    /** One stock client issuing async creates, at most {@link #WINDOW} unanswered at a time. */
    private static final class Writer implements Runnable {
        final ZooKeeper zk;
        final String name;
        final Map<String, String> acked;
        final AtomicInteger roundAcks;
        final Semaphore window = new Semaphore(WINDOW);
        final AtomicInteger lost = new AtomicInteger();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        volatile boolean running = true;

        Writer(ZooKeeper zk, String name, Map<String, String> acked, AtomicInteger roundAcks) {
            this.zk = zk;
            this.name = name;
            this.acked = acked;
            this.roundAcks = roundAcks;
        }

        @Override
        public void run() {
            int n = 0;
            try {
                while (running) {
                    if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    String data = name + "-" + n;
                    // Half plain, half sequential: a sequential name is assigned by the server, so
                    // finding it with the right data after recovery proves the counter survived too.
                    boolean sequential = n % 2 == 1;
                    zk.create(sequential ? PARENT + "/seq-" : PARENT + "/" + data, data.getBytes(UTF_8),
                            Ids.OPEN_ACL_UNSAFE, sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT,
                            (rc, path, ctx, created) -> {
                                if (rc == Code.OK.intValue()) {
                                    acked.put(created, data);
                                    roundAcks.incrementAndGet();
                                } else if (rc == Code.CONNECTIONLOSS.intValue()) {
                                    lost.incrementAndGet();
                                } else {
                                    unexpected.add(path + ": " + Code.get(rc));
                                }
                                window.release();
                            }, null);
                    n++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @ParameterizedTest(name = "storage={0}")
    @ValueSource(strings = {"file", "rocksdb"})
    void everyAcknowledgedCreateSurvivesSigkillMidStream(String storage) throws Exception {
        Map<String, String> acked = new ConcurrentHashMap<>();
        // A low snapCount makes the server snapshot and roll its log several times per round, so
        // kills also land around snapshots and recovery has to join a snapshot with log files.
        try (PaddockProcess server = new PaddockProcess(dir, "DurabilityTest-" + storage, Loopback.freePort(),
                cfg -> {
                    cfg.put("snapCount", "500");
                    cfg.put("storage", storage);
                })) {
            server.start();
            try (ZooKeeper zk = server.connect()) {
                zk.create(PARENT, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            for (int round = 1; round <= ROUNDS; round++) {
                int lostAtKill = writeUntilStopped(server, round, acked, () -> assertThat(server.kill()).isEqualTo(137));
                assertThat(lostAtKill).as("round %d: creates cut off by the kill (else it was not mid-stream)", round)
                        .isPositive();

                server.start();

                assertEveryAcknowledgedNodeIsThere(server, acked);
            }
        }
    }

    @Test
    void everyAcknowledgedCreateSurvivesASigtermUnderLoad() throws Exception {
        Map<String, String> acked = new ConcurrentHashMap<>();
        try (PaddockProcess server = new PaddockProcess(dir, "DurabilityTest-sigterm", Loopback.freePort(),
                cfg -> cfg.put("snapCount", "500"))) {
            server.start();
            try (ZooKeeper zk = server.connect()) {
                zk.create(PARENT, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }

            writeUntilStopped(server, 1, acked, () -> assertThat(server.stop()).as("exit status of a stop under load")
                    .isEqualTo(143));
            server.start();

            assertEveryAcknowledgedNodeIsThere(server, acked);
        }
    }

    /**
     * Runs the writers until enough acks, then stops the server under them with {@code stop};
     * returns how many creates were cut off (answered with CONNECTIONLOSS).
     */
    private static int writeUntilStopped(PaddockProcess server, int round, Map<String, String> acked, Runnable stop)
            throws Exception {
        AtomicInteger roundAcks = new AtomicInteger();
        List<Writer> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                Writer writer = new Writer(server.connect(), "r" + round + "w" + w, acked, roundAcks);
                writers.add(writer);
                Thread t = new Thread(writer, "durability-writer-" + round + "-" + w);
                threads.add(t);
                t.start();
            }
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> roundAcks.get() >= ACKS_BEFORE_KILL
                        || writers.stream().anyMatch(w -> !w.unexpected.isEmpty()));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("round " + round + ": only " + roundAcks.get() + " acks; " + server.logTail(), e);
            }
            // The writers keep going: the stop lands with creates in flight.
            stop.run();
        } finally {
            for (Writer w : writers) {
                w.running = false;
            }
            for (Thread t : threads) {
                t.join(30_000);
            }
            for (Writer w : writers) {
                w.zk.close(10_000);
            }
        }
        for (Writer w : writers) {
            await().atMost(Duration.ofSeconds(60)).until(() -> w.window.availablePermits() == WINDOW);
            assertThat(w.unexpected).as("replies other than OK or CONNECTIONLOSS").isEmpty();
        }
        return writers.stream().mapToInt(w -> w.lost.get()).sum();
    }

    private static void assertEveryAcknowledgedNodeIsThere(PaddockProcess server, Map<String, String> acked) throws Exception {
        try (ZooKeeper zk = server.connect()) {
            Set<String> present = new HashSet<>(zk.getChildren(PARENT, false));
            List<String> missing = acked.keySet().stream()
                    .filter(p -> !present.contains(p.substring(PARENT.length() + 1)))
                    .sorted().toList();
            assertThat(missing).as("acknowledged creates missing after SIGKILL (%d of %d acknowledged); %s",
                    missing.size(), acked.size(), server.logTail()).isEmpty();

            Map<String, String> wrong = new ConcurrentHashMap<>();
            Semaphore window = new Semaphore(500);
            CountDownLatch read = new CountDownLatch(acked.size());
            for (Map.Entry<String, String> node : acked.entrySet()) {
                window.acquire();
                zk.getData(node.getKey(), false, (rc, path, ctx, data, stat) -> {
                    String found = rc == Code.OK.intValue() ? new String(data, UTF_8) : Code.get(rc).toString();
                    if (!found.equals(node.getValue())) {
                        wrong.put(path, "expected " + node.getValue() + ", found " + found);
                    }
                    window.release();
                    read.countDown();
                }, null);
            }
            assertThat(read.await(60, TimeUnit.SECONDS)).as("all reads answered").isTrue();
            assertThat(wrong).as("acknowledged creates whose data differs after recovery").isEmpty();

            // The sequence counter continues past every name handed out, acknowledged or not.
            long highest = present.stream().filter(c -> c.startsWith("seq-"))
                    .mapToLong(c -> Long.parseLong(c.substring(4))).max().orElseThrow();
            String next = zk.create(PARENT + "/seq-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
            assertThat(Long.parseLong(next.substring(next.lastIndexOf('-') + 1))).isGreaterThan(highest);
            zk.delete(next, -1);
        }
    }
}
