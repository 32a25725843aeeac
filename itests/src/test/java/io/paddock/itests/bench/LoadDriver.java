package io.paddock.itests.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.AsyncCallback.DataCallback;
import org.apache.zookeeper.AsyncCallback.StatCallback;
import org.apache.zookeeper.AsyncCallback.StringCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Drives one server, or the members of an ensemble, with a {@link Load.Pipelined} or
 * {@link Load.SyncCreate} load for a time and measures it. Sessions are spread over the servers
 * as {@link Sessions#open(List, int)} does, each connected to one of them. Each session has a submitting thread and a window of outstanding requests; the
 * latency of a request is taken from submit to its callback, in microseconds, and recorded on the
 * session's event thread into that session's histogram. Nodes a create round made are deleted
 * afterwards, outside the measured time.
 */
final class LoadDriver {
    // A request the server has not answered this long after the end of a round counts as an error.
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final List<String> servers;

    /** @param servers the connect strings of the servers to spread the sessions over, one server each */
    LoadDriver(List<String> servers) {
        this.servers = List.copyOf(servers);
    }

    Measurement run(Load.Pipelined load, Duration duration)
            throws IOException, InterruptedException, KeeperException {
        try (Sessions sessions = Sessions.open(servers, load.sessions())) {
            String parent = load.op() == Load.Op.CREATE ? BenchTree.newRunParent(sessions.get(0)) : null;
            List<Session> workers = new ArrayList<>();
            for (int i = 0; i < load.sessions(); i++) {
                workers.add(new Session(sessions.get(i), i, load, parent));
            }
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (Session w : workers) {
                Thread t = new Thread(() -> w.drive(deadline), "bench-load-" + w.index);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(duration.plus(DRAIN).plusSeconds(10).toMillis());
                if (t.isAlive()) {
                    throw new IllegalStateException(t.getName() + " still running after its round and drain");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            Measurement m = new Measurement(0, seconds, new Histogram(3), Map.of());
            List<String> created = new ArrayList<>();
            for (Session w : workers) {
                if (w.failure != null) {
                    throw new IllegalStateException("session " + w.index + " failed", w.failure);
                }
                m = m.plus(new Measurement(w.ops, 0, w.histogram, w.errors()));
                w.createdNames(created);
            }
            if (parent != null) {
                BenchTree.deleteRun(sessions.get(0), parent, created);
            }
            return m;
        }
    }

    /** One synchronous create after the other, each timed on the calling thread. */
    Measurement run(Load.SyncCreate load, Duration duration)
            throws IOException, InterruptedException, KeeperException {
        try (Sessions sessions = Sessions.open(servers, 1)) {
            ZooKeeper zk = sessions.get(0);
            String parent = BenchTree.newRunParent(zk);
            byte[] value = BenchTree.value();
            Histogram histogram = new Histogram(3);
            Map<String, Long> errors = new TreeMap<>();
            List<String> created = new ArrayList<>();
            long ops = 0;
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            for (int seq = 0; System.nanoTime() < deadline; seq++) {
                String name = "n" + seq;
                long t0 = System.nanoTime();
                try {
                    zk.create(parent + "/" + name, value, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    histogram.recordValue((System.nanoTime() - t0) / 1000);
                    ops++;
                    created.add(name);
                } catch (KeeperException e) {
                    errors.merge(e.code().name(), 1L, Long::sum);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            BenchTree.deleteRun(zk, parent, created);
            return new Measurement(ops, seconds, histogram, errors);
        }
    }

    /**
     * One session's share of a pipelined load. Its counters and histogram are written only by
     * the session's event thread (the callbacks) and read after the window has been drained,
     * which the semaphore orders.
     */
    private static final class Session implements StringCallback, StatCallback, DataCallback {
        private final ZooKeeper zk;
        private final int index;
        private final Load.Pipelined load;
        private final String parent;
        private final Semaphore window;
        private final byte[] value = BenchTree.value();
        private final Histogram histogram = new Histogram(3);
        private final Map<String, Long> errors = new TreeMap<>();
        private final BitSet created = new BitSet();
        private long ops;
        private long unanswered;
        private volatile Throwable failure;

        Session(ZooKeeper zk, int index, Load.Pipelined load, String parent) {
            this.zk = zk;
            this.index = index;
            this.load = load;
            this.parent = parent;
            this.window = new Semaphore(load.window());
        }

        /** Submits until the deadline whenever the window has room, then waits for the replies. */
        void drive(long deadline) {
            try {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int seq = 0; System.nanoTime() < deadline; ) {
                    if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        submit(seq++, random);
                    }
                }
                if (!window.tryAcquire(load.window(), DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    unanswered = load.window() - window.availablePermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private void submit(int seq, ThreadLocalRandom random) {
            Pending p = new Pending(System.nanoTime(), seq);
            String node = BenchTree.dataNode(random.nextInt(BenchTree.DATA_NODES));
            switch (load.op()) {
                case CREATE -> zk.create(parent + "/" + name(index, seq), value, Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT, this, p);
                case SET_DATA -> zk.setData(node, value, -1, this, p);
                case GET_DATA -> zk.getData(node, false, this, p);
                case MIX -> {
                    if (random.nextInt(10) == 0) {
                        zk.setData(node, value, -1, this, p);
                    } else {
                        zk.getData(node, false, this, p);
                    }
                }
                default -> throw new IllegalStateException("unknown op " + load.op());
            }
        }

        private static String name(int session, int seq) {
            return "s" + session + "-" + seq;
        }

        @Override
        public void processResult(int rc, String path, Object ctx, String name) {
            Pending p = (Pending) ctx;
            if (rc == Code.OK.intValue()) {
                created.set(p.seq());
            }
            complete(rc, p);
        }

        @Override
        public void processResult(int rc, String path, Object ctx, Stat stat) {
            complete(rc, (Pending) ctx);
        }

        @Override
        public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
            complete(rc, (Pending) ctx);
        }

        private void complete(int rc, Pending p) {
            long micros = (System.nanoTime() - p.startNanos()) / 1000;
            if (rc == Code.OK.intValue()) {
                ops++;
                histogram.recordValue(micros);
            } else {
                errors.merge(Code.get(rc).name(), 1L, Long::sum);
            }
            window.release();
        }

        Map<String, Long> errors() {
            Map<String, Long> e = new TreeMap<>(errors);
            if (unanswered > 0) {
                e.merge("NO_REPLY", unanswered, Long::sum);
            }
            return e;
        }

        void createdNames(List<String> into) {
            created.stream().forEach(seq -> into.add(name(index, seq)));
        }
    }

    private record Pending(long startNanos, int seq) {
    }
}
