package io.paddock.server.processor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Request latency and counts as the srvr, stat and mntr four-letter words report them. */
public final class RequestStats {
    private final LongAdder completed = new LongAdder();
    private final LongAdder totalLatencyMillis = new LongAdder();
    private final LongAccumulator minLatency = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator maxLatency = new LongAccumulator(Math::max, 0);
    private final AtomicLong outstanding = new AtomicLong();

    void completed(Request r) {
        long millis = (System.nanoTime() - r.receivedNanos()) / 1_000_000;
        completed.increment();
        totalLatencyMillis.add(millis);
        minLatency.accumulate(millis);
        maxLatency.accumulate(millis);
        outstanding.decrementAndGet();
    }

    void submitted() {
        outstanding.incrementAndGet();
    }

    public long outstanding() {
        return Math.max(0, outstanding.get());
    }

    public long minLatency() {
        long m = minLatency.get();
        return m == Long.MAX_VALUE ? 0 : m;
    }

    public long maxLatency() {
        return maxLatency.get();
    }

    public double avgLatency() {
        long n = completed.sum();
        return n == 0 ? 0 : (double) totalLatencyMillis.sum() / n;
    }

    public void reset() {
        completed.reset();
        totalLatencyMillis.reset();
        minLatency.reset();
        maxLatency.reset();
    }
}
