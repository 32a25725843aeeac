package io.paddock.itests.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.AsyncCallback.StringCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * Fills a server with {@code count} persistent znodes of {@value #VALUE_BYTES} bytes, flat under
 * {@value #PARENTS} parents of {@code /million}, as fast as pipelined async creates from
 * {@value #SESSIONS} sessions allow; the fill itself is measured like any load.
 */
final class MillionZnodes {
    static final int VALUE_BYTES = 100;
    static final int PARENTS = 100;
    static final int SESSIONS = 4;
    static final int WINDOW = 250;
    private static final long WAIT_S = 60;

    private final String connectString;

    MillionZnodes(String connectString) {
        this.connectString = connectString;
    }

    Measurement create(int count) throws IOException, InterruptedException, KeeperException {
        try (Sessions sessions = Sessions.open(connectString, SESSIONS)) {
            ZooKeeper zk = sessions.get(0);
            zk.create("/million", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int p = 0; p < PARENTS; p++) {
                zk.create(parent(p), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            byte[] value = new byte[VALUE_BYTES];
            List<Filler> fillers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int s = 0; s < SESSIONS; s++) {
                Filler f = new Filler(sessions.get(s), s, count, value);
                fillers.add(f);
                Thread t = new Thread(f::fill, "bench-fill-" + s);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                // Each filler gives up on its own after WAIT_S without progress; this bounds the rest.
                t.join(TimeUnit.MINUTES.toMillis(15));
                if (t.isAlive()) {
                    throw new IllegalStateException(t.getName() + " still filling after 15 min");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Measurement m = new Measurement(0, seconds, new Histogram(3), Map.of());
            for (Filler f : fillers) {
                if (f.failure != null) {
                    throw new IllegalStateException("filling session " + f.index + " failed", f.failure);
                }
                m = m.plus(new Measurement(f.ops, 0, f.histogram, f.errors));
            }
            return m;
        }
    }

    private static String parent(int p) {
        return String.format("/million/p%02d", p);
    }

    /** One session's share: nodes i with i % SESSIONS == index; state written on its event thread. */
    private static final class Filler implements StringCallback {
        private final ZooKeeper zk;
        private final int index;
        private final int count;
        private final byte[] value;
        private final Semaphore window = new Semaphore(WINDOW);
        private final Histogram histogram = new Histogram(3);
        private final Map<String, Long> errors = new TreeMap<>();
        private long ops;
        private volatile Throwable failure;

        Filler(ZooKeeper zk, int index, int count, byte[] value) {
            this.zk = zk;
            this.index = index;
            this.count = count;
            this.value = value;
        }

        void fill() {
            try {
                for (int i = index; i < count; i += SESSIONS) {
                    if (!window.tryAcquire(WAIT_S, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("no reply for " + WAIT_S + " s at node " + i);
                    }
                    zk.create(parent(i % PARENTS) + String.format("/n%07d", i), value, Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT, this, System.nanoTime());
                }
                if (!window.tryAcquire(WINDOW, WAIT_S, TimeUnit.SECONDS)) {
                    throw new IllegalStateException((WINDOW - window.availablePermits())
                            + " creates unanswered " + WAIT_S + " s after the last");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        @Override
        public void processResult(int rc, String path, Object ctx, String name) {
            long micros = (System.nanoTime() - (Long) ctx) / 1000;
            if (rc == Code.OK.intValue()) {
                ops++;
                histogram.recordValue(micros);
            } else {
                errors.merge(Code.get(rc).name(), 1L, Long::sum);
            }
            window.release();
        }
    }
}
