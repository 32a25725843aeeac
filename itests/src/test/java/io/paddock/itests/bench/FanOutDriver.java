package io.paddock.itests.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.AsyncCallback.DataCallback;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Drives a {@link Load.WatchFanOut}: every watcher session holds a data watch on
 * {@link BenchTree#WATCHED} and re-sets it (getData with the watcher) on each notification; one
 * writer session changes the node, waits until every watcher was notified and has its watch
 * back, and changes it again. The latency of a change is from the writer's submit to the last
 * notification; ops are notifications delivered.
 */
final class FanOutDriver {
    private static final long WAIT_S = 30;

    private final List<String> servers;

    /** @param servers the servers to spread the watchers over (the writer is on the first) */
    FanOutDriver(List<String> servers) {
        this.servers = List.copyOf(servers);
    }

    Measurement run(Load.WatchFanOut load, Duration duration)
            throws IOException, InterruptedException, KeeperException {
        int n = load.watchers();
        try (Sessions writer = Sessions.open(servers, 1);
             Sessions watchers = Sessions.open(servers, n)) {
            Round round = new Round(n);
            Map<String, Long> errors = new TreeMap<>();
            WatchingSession[] sessions = new WatchingSession[n];
            round.reset();
            for (int i = 0; i < n; i++) {
                sessions[i] = new WatchingSession(watchers.get(i), round);
                sessions[i].arm();
            }
            if (!round.armed.await(WAIT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException(round.armed.getCount() + " of " + n
                        + " watches not set within " + WAIT_S + " s");
            }
            ZooKeeper zk = writer.get(0);
            byte[] value = BenchTree.value();
            Histogram histogram = new Histogram(3);
            long notifications = 0;
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            while (System.nanoTime() < deadline) {
                round.reset();
                long submitted = System.nanoTime();
                zk.setData(BenchTree.WATCHED, value, -1);
                boolean all = round.notified.await(WAIT_S, TimeUnit.SECONDS);
                notifications += n - round.notified.getCount();
                if (!all) {
                    errors.merge("MISSED_NOTIFICATION", round.notified.getCount(), Long::sum);
                    break;
                }
                histogram.recordValue((round.lastNotifiedNanos.get() - submitted) / 1000);
                if (!round.armed.await(WAIT_S, TimeUnit.SECONDS)) {
                    errors.merge("WATCH_NOT_RESET", round.armed.getCount(), Long::sum);
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (WatchingSession s : sessions) {
                s.errors.forEach((k, v) -> errors.merge(k, v.longValue(), Long::sum));
            }
            return new Measurement(notifications, seconds, histogram, errors);
        }
    }

    /** The latches of the change in flight, swapped by the writer between changes. */
    private static final class Round {
        private final int watchers;
        private volatile CountDownLatch notified;
        private volatile CountDownLatch armed;
        private final AtomicLong lastNotifiedNanos = new AtomicLong();

        Round(int watchers) {
            this.watchers = watchers;
        }

        void reset() {
            notified = new CountDownLatch(watchers);
            armed = new CountDownLatch(watchers);
            lastNotifiedNanos.set(0);
        }

        void notifiedNow() {
            lastNotifiedNanos.accumulateAndGet(System.nanoTime(), Math::max);
            notified.countDown();
        }
    }

    private static final class WatchingSession implements Watcher, DataCallback {
        private final ZooKeeper zk;
        private final Round round;
        private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

        WatchingSession(ZooKeeper zk, Round round) {
            this.zk = zk;
            this.round = round;
        }

        void arm() {
            zk.getData(BenchTree.WATCHED, this, this, null);
        }

        @Override
        public void process(WatchedEvent event) {
            if (event.getType() == Event.EventType.NodeDataChanged) {
                round.notifiedNow();
                arm();
            }
        }

        @Override
        public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
            if (rc == Code.OK.intValue()) {
                round.armed.countDown();
            } else {
                errors.computeIfAbsent(Code.get(rc).name(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }
}
