package io.paddock.itests.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one server did under one load: successful requests, the time they took, their latency
 * in microseconds, and the failed requests counted by error name ({@code CONNECTIONLOSS}, ...).
 * Rounds of the same load on the same server are merged with {@link #plus}.
 */
record Measurement(long ops, double seconds, Histogram latencyMicros, Map<String, Long> errors) {

    Measurement {
        latencyMicros = latencyMicros.copy();
        errors = Map.copyOf(errors);
    }

    static Measurement empty() {
        return new Measurement(0, 0, new Histogram(3), Map.of());
    }

    double opsPerSecond() {
        return seconds > 0 ? ops / seconds : 0;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Latency at a percentile, in microseconds; 0 when nothing was recorded. */
    long percentileMicros(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile);
    }

    Measurement plus(Measurement other) {
        Histogram h = latencyMicros.copy();
        h.add(other.latencyMicros);
        Map<String, Long> e = new TreeMap<>(errors);
        other.errors.forEach((k, v) -> e.merge(k, v, Long::sum));
        return new Measurement(ops + other.ops, seconds + other.seconds, h, e);
    }
}
