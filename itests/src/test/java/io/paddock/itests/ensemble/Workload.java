package io.paddock.itests.ensemble;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Clients writing without pause through an ensemble while servers die under them: stock ZooKeeper
 * clients and Curator clients, each with the connect string of every server, each on its own
 * thread doing, round after round, a create of a fresh node under {@code root}, a setData of the
 * shared node {@code root} itself, a read of that node and an exists of its own last acknowledged
 * create. It keeps every acknowledged create (path and data) and every acknowledged version of the
 * shared node, and it records as a violation any read that goes back in time for its client (a
 * version of the shared node older than one that client already saw or wrote), an acknowledged
 * create of its own that a later read does not find, a setData acknowledged with a version not
 * above every version that client saw, a session expiry and a request that got no answer at all.
 *
 * <p>Connection loss is expected while servers die; the client then waits (bounded) to be
 * connected again and goes on with a fresh path.
 */
final class Workload implements AutoCloseable {
    static final int SESSION_TIMEOUT = 30_000;
    /** A request still unanswered after this long is lost, not slow: nothing else waits that long. */
    static final int REQUEST_TIMEOUT = 15_000;
    private static final Duration RECONNECT = Duration.ofSeconds(90);

    private final String connectString;
    private final String root;
    private final List<Writer> writers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger highestSharedVersion = new AtomicInteger(-1);
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicInteger connectionLosses = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    /** {@code stock} stock clients and {@code curator} Curator clients writing under {@code root}. */
    Workload(String connectString, String root, int stock, int curator) {
        this.connectString = connectString;
        this.root = root;
        for (int i = 0; i < stock; i++) {
            writers.add(new StockWriter("zk" + i));
        }
        for (int i = 0; i < curator; i++) {
            writers.add(new CuratorWriter("curator" + i));
        }
    }

    /** Creates {@code root} if needed, connects every client and starts writing. */
    Workload start() throws Exception {
        try (ZooKeeper zk = Ensemble.connect(connectString, SESSION_TIMEOUT, e -> { })) {
            try {
                zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // a later round of the same workload
            }
        }
        for (Writer w : writers) {
            w.connect();
            Thread t = new Thread(w, "workload-" + w.name);
            threads.add(t);
            t.start();
        }
        return this;
    }

    String root() {
        return root;
    }

    /** Creates acknowledged so far, by every client. */
    int acks() {
        return acks.get();
    }

    int connectionLosses() {
        return connectionLosses.get();
    }

    /** Acknowledged creates: path and the data written. */
    Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** The highest version of the shared node (the root) any client's setData got acknowledged. */
    int highestAcknowledgedSharedVersion() {
        return highestSharedVersion.get();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Waits (bounded) until {@code more} creates beyond those acknowledged now are acknowledged. */
    void awaitMoreAcks(int more, Duration atMost, Ensemble ensemble) {
        int target = acks.get() + more;
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> acks.get() >= target);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("only " + acks.get() + " of " + target + " creates acknowledged within "
                    + atMost.toSeconds() + " s; modes " + ensemble.modes() + "; violations " + violations + "\n"
                    + ensemble.logTails(), e);
        }
    }

    /** Stops writing and closes every client; what was acknowledged stays readable here. */
    @Override
    public void close() {
        for (Writer w : writers) {
            w.running = false;
        }
        // A writer finishes its request first; none waits longer than the request timeout.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT + 10_000);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Writer w : writers) {
            w.disconnect();
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                violation(t.getName() + " still blocked after its client was closed");
            }
        }
    }

    /**
     * What one server holds under a workload's root: the root's version and mzxid, its children's
     * data, and their czxids (for messages: where replicas differ, which txn it was).
     */
    record Contents(int rootVersion, long rootMzxid, Map<String, String> nodes, Map<String, Long> czxids) {
        /** Reads {@code root} on {@code m} alone, after a sync, so the server is as fresh as the leader. */
        static Contents read(Ensemble.Member m, String root) throws Exception {
            try (ZooKeeper zk = Ensemble.connect(m)) {
                zk.sync(root);
                Stat rootStat = new Stat();
                zk.getData(root, false, rootStat);
                List<String> children = zk.getChildren(root, false);
                Map<String, String> nodes = new ConcurrentHashMap<>();
                Map<String, Long> czxids = new ConcurrentHashMap<>();
                Semaphore window = new Semaphore(500);
                CountDownLatch read = new CountDownLatch(children.size());
                List<String> failed = new CopyOnWriteArrayList<>();
                for (String child : children) {
                    window.acquire();
                    zk.getData(root + "/" + child, false, (rc, path, ctx, data, stat) -> {
                        if (rc == KeeperException.Code.OK.intValue()) {
                            nodes.put(path, data == null ? "" : new String(data, UTF_8));
                            czxids.put(path, stat.getCzxid());
                        } else {
                            failed.add(path + ": " + KeeperException.Code.get(rc));
                        }
                        window.release();
                        read.countDown();
                    }, null);
                }
                if (!read.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("reads of " + root + " on " + m + " unanswered after 60 s");
                }
                if (!failed.isEmpty()) {
                    throw new AssertionError("reads of children of " + root + " on " + m + " failed: " + failed);
                }
                return new Contents(rootStat.getVersion(), rootStat.getMzxid(), Map.copyOf(nodes), Map.copyOf(czxids));
            }
        }
    }

    /**
     * Every running server, read alone after a sync, holds the same nodes under the root with the
     * same data and the same root version as the others; among them, every acknowledged create with
     * the data written, and the root at least at the highest acknowledged version. Call it once the
     * clients are closed, so that nothing of theirs is still on its way.
     */
    void assertEveryRunningServerHoldsTheSameDataAndEveryAcknowledgedWrite(Ensemble ensemble) throws Exception {
        Map<Ensemble.Member, Contents> read = new LinkedHashMap<>();
        for (Ensemble.Member m : ensemble.running()) {
            read.put(m, Contents.read(m, root));
        }
        Map<String, String> acked = acknowledged();
        for (Map.Entry<Ensemble.Member, Contents> e : read.entrySet()) {
            Contents c = e.getValue();
            List<String> missing = acked.keySet().stream().filter(p -> !c.nodes().containsKey(p)).sorted().toList();
            assertThat(missing).as("acknowledged creates missing on %s (%d of %d acknowledged)\n%s", e.getKey(),
                    missing.size(), acked.size(), ensemble.logTails()).isEmpty();
            List<String> wrong = acked.entrySet().stream().filter(a -> !a.getValue().equals(c.nodes().get(a.getKey())))
                    .map(a -> a.getKey() + ": wrote " + a.getValue() + ", found " + c.nodes().get(a.getKey()))
                    .sorted().toList();
            assertThat(wrong).as("acknowledged creates with other data on %s", e.getKey()).isEmpty();
            assertThat(c.rootVersion()).as("version of %s on %s, against the highest acknowledged", root, e.getKey())
                    .isGreaterThanOrEqualTo(highestAcknowledgedSharedVersion());
        }
        Map.Entry<Ensemble.Member, Contents> first = read.entrySet().iterator().next();
        for (Map.Entry<Ensemble.Member, Contents> e : read.entrySet()) {
            assertThat(difference(first.getValue(), e.getValue()))
                    .as("what %s holds under %s and %s does not (or holds otherwise)", first.getKey(), root, e.getKey())
                    .isEmpty();
        }
    }

    private static List<String> difference(Contents a, Contents b) {
        List<String> diff = new ArrayList<>();
        if (a.rootVersion() != b.rootVersion()) {
            diff.add("root version " + a.rootVersion() + " (mzxid 0x" + Long.toHexString(a.rootMzxid()) + ") against "
                    + b.rootVersion() + " (mzxid 0x" + Long.toHexString(b.rootMzxid()) + ")");
        }
        Set<String> paths = new TreeSet<>(a.nodes().keySet());
        paths.addAll(b.nodes().keySet());
        for (String p : paths) {
            String x = a.nodes().get(p);
            String y = b.nodes().get(p);
            if (!Objects.equals(x, y)) {
                Long czxid = a.czxids().containsKey(p) ? a.czxids().get(p) : b.czxids().get(p);
                diff.add(p + " (czxid 0x" + Long.toHexString(czxid) + "): " + x + " against " + y);
            }
        }
        return diff.size() > 50 ? diff.subList(0, 50) : diff;
    }

    private static ZKClientConfig clientConfig() {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ZOOKEEPER_REQUEST_TIMEOUT, Integer.toString(REQUEST_TIMEOUT));
        return config;
    }

    private void violation(String what) {
        violations.add(Instant.now() + " " + what);
    }

    @FunctionalInterface
    private interface Call {
        Stat run() throws Exception;
    }

    /** One client's loop and what it saw. */
    private abstract class Writer implements Runnable {
        final String name;
        volatile boolean running = true;
        int sharedVersionSeen = -1;
        long sharedZxidSeen = -1;
        String lastCreated;

        Writer(String name) {
            this.name = name;
        }

        abstract void connect() throws Exception;

        abstract void disconnect();

        abstract void awaitConnected(Duration atMost) throws Exception;

        abstract Stat create(String path, byte[] data) throws Exception;

        abstract Stat setShared(byte[] data) throws Exception;

        abstract Stat readShared() throws Exception;

        abstract Stat exists(String path) throws Exception;

        @Override
        public void run() {
            for (int n = 0; running; n++) {
                try {
                    round(n);
                } catch (KeeperException.ConnectionLossException | KeeperException.SessionMovedException e) {
                    // a server died or stopped serving under this client, which moves on
                    connectionLosses.incrementAndGet();
                    if (!reconnected()) {
                        return;
                    }
                } catch (KeeperException.RequestTimeoutException e) {
                    violation(name + ": a request got no answer within " + REQUEST_TIMEOUT + " ms (round " + n
                            + ")");
                    if (!reconnected()) {
                        return;
                    }
                } catch (KeeperException.SessionExpiredException e) {
                    violation(name + ": session expired (round " + n + ")");
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (running) {
                        violation(name + ": round " + n + ": " + e);
                    }
                    return;
                }
            }
        }

        private boolean reconnected() {
            try {
                awaitConnected(RECONNECT);
                return true;
            } catch (Exception e) {
                if (running) {
                    violation(name + ": not connected again within " + RECONNECT.toSeconds() + " s: " + e);
                }
                return false;
            }
        }

        private void round(int n) throws Exception {
            String path = root + "/" + name + "-" + n;
            String data = name + "-" + n;
            byte[] bytes = data.getBytes(UTF_8);
            create(path, bytes);
            acknowledged.put(path, data);
            acks.incrementAndGet();
            lastCreated = path;

            Stat written = setShared(bytes);
            if (written.getVersion() <= sharedVersionSeen) {
                violation(name + ": setData of " + root + " acknowledged as version " + written.getVersion()
                        + " (mzxid 0x" + Long.toHexString(written.getMzxid()) + ") after this client saw version "
                        + sharedVersionSeen + " (mzxid 0x" + Long.toHexString(sharedZxidSeen) + ")");
            }
            saw(written);
            highestSharedVersion.accumulateAndGet(written.getVersion(), Math::max);

            Stat read = readShared();
            if (read.getVersion() < sharedVersionSeen || read.getMzxid() < sharedZxidSeen) {
                violation(name + ": read of " + root + " went back in time: version " + read.getVersion()
                        + " (mzxid 0x" + Long.toHexString(read.getMzxid()) + ") after version " + sharedVersionSeen
                        + " (mzxid 0x" + Long.toHexString(sharedZxidSeen) + ")");
            }
            saw(read);

            if (exists(lastCreated) == null) {
                violation(name + ": its acknowledged create of " + lastCreated + " is not there for it");
            }
        }

        private void saw(Stat stat) {
            sharedVersionSeen = Math.max(sharedVersionSeen, stat.getVersion());
            sharedZxidSeen = Math.max(sharedZxidSeen, stat.getMzxid());
        }
    }

    private final class StockWriter extends Writer {
        private volatile ServerAwareClient zk;

        StockWriter(String name) {
            super(name);
        }

        @Override
        void connect() throws Exception {
            zk = new ServerAwareClient(connectString, SESSION_TIMEOUT, e -> { }, clientConfig());
            awaitConnected(Duration.ofSeconds(30));
        }

        @Override
        void disconnect() {
            try {
                zk.close(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        void awaitConnected(Duration atMost) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(10))
                    .until(() -> !running || zk.getState() == ZooKeeper.States.CONNECTED
                            || !zk.getState().isAlive());
            if (!zk.getState().isAlive()) {
                throw new IllegalStateException("client is " + zk.getState());
            }
        }

        @Override
        Stat create(String path, byte[] data) throws Exception {
            return timed("create " + path, () -> {
                Stat stat = new Stat();
                zk.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
                return stat;
            });
        }

        @Override
        Stat setShared(byte[] data) throws Exception {
            return timed("setData " + root, () -> zk.setData(root, data, -1));
        }

        @Override
        Stat readShared() throws Exception {
            return timed("getData " + root, () -> {
                Stat stat = new Stat();
                zk.getData(root, false, stat);
                return stat;
            });
        }

        @Override
        Stat exists(String path) throws Exception {
            return timed("exists " + path, () -> zk.exists(path, false));
        }

        /**
         * The stock client answers a request it gave up on after {@link #REQUEST_TIMEOUT} with a
         * connection loss (its clean-up overwrites REQUESTTIMEOUT): a loss that took that long is a
         * request the server never answered, on a connection it kept open.
         */
        private Stat timed(String what, Call call) throws Exception {
            String server = zk.remote();
            long start = System.nanoTime();
            try {
                return call.run();
            } catch (KeeperException.ConnectionLossException e) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (millis >= REQUEST_TIMEOUT) {
                    violation(name + ": " + what + " sent to " + server
                            + " got no answer in " + millis + " ms");
                }
                throw e;
            }
        }
    }

    /**
     * Curator retries an operation cut off by a connection loss; a create it retries may find its own
     * first attempt done, which it reports as NodeExists: that create is not counted as acknowledged.
     */
    private final class CuratorWriter extends Writer {
        private CuratorFramework client;

        CuratorWriter(String name) {
            super(name);
        }

        @Override
        void connect() throws Exception {
            client = CuratorFrameworkFactory.builder()
                    .connectString(connectString)
                    .ensembleTracker(false)
                    .sessionTimeoutMs(SESSION_TIMEOUT)
                    .connectionTimeoutMs(15_000)
                    .zkClientConfig(clientConfig())
                    .retryPolicy(new RetryNTimes(3, 100))
                    .build();
            client.start();
            awaitConnected(Duration.ofSeconds(30));
        }

        @Override
        void disconnect() {
            client.close();
        }

        @Override
        void awaitConnected(Duration atMost) throws InterruptedException {
            if (!client.blockUntilConnected((int) atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("curator did not connect");
            }
        }

        @Override
        Stat create(String path, byte[] data) throws Exception {
            Stat stat = new Stat();
            try {
                client.create().storingStatIn(stat).forPath(path, data);
            } catch (KeeperException.NodeExistsException e) {
                // a retried create whose first attempt went through: not acknowledged, try the next path
                throw new KeeperException.ConnectionLossException();
            }
            return stat;
        }

        @Override
        Stat setShared(byte[] data) throws Exception {
            return client.setData().forPath(root, data);
        }

        @Override
        Stat readShared() throws Exception {
            Stat stat = new Stat();
            client.getData().storingStatIn(stat).forPath(root);
            return stat;
        }

        @Override
        Stat exists(String path) throws Exception {
            return client.checkExists().forPath(path);
        }
    }

    /** A progress line for the test's output. */
    @Override
    public String toString() {
        return writers.size() + " clients: " + acks.get() + " creates acknowledged, " + connectionLosses.get()
                + " connection losses, " + violations.size() + " violations";
    }
}
