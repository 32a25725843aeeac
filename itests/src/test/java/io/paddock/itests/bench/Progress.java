package io.paddock.itests.bench;

import java.util.Locale;

/** One line on stdout per measured round, so that a long run shows where it is. */
final class Progress {
    private Progress() {
    }

    static void round(Load load, int round, String server, Measurement m) {
        System.out.println(String.format(Locale.ROOT, "[bench] %-12s round %d %-17s %,10.0f ops/s  p50 %s  p99 %s  errors %d",
                load.id(), round, server, m.opsPerSecond(), Report.latency(m.percentileMicros(50)),
                Report.latency(m.percentileMicros(99)), m.errorCount()));
    }

    static void note(String text) {
        System.out.println("[bench] " + text);
    }
}
