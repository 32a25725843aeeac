package io.paddock.itests.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long and how hard a run drives: from {@code -Dbench.*} properties (the profile) or from
 * {@link BenchDriver}'s options.
 *
 * @param round     one measured round of one load on one server
 * @param warmUp    untimed mixed load on each server before the first round
 * @param rounds    measured rounds per load and server, alternating between servers
 * @param window    outstanding requests per session of a pipelined load
 * @param watchers  sessions of the watch fan-out
 * @param znodes    znodes of the memory and start-up measurements
 * @param loads     filter of {@link Load#select}; blank means all
 * @param jvmOptions heap and collector, the same for both servers
 * @param dir       where the data folders and the report go
 */
record BenchSettings(Duration round, Duration warmUp, int rounds, int window, int watchers, int znodes,
                     String loads, String jvmOptions, Path dir) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Duration.ofMillis((long) (Double.parseDouble(System.getProperty("bench.seconds", "4")) * 1000)),
                Duration.ofMillis((long) (Double.parseDouble(System.getProperty("bench.warmup", "5")) * 1000)),
                Integer.getInteger("bench.rounds", 2),
                Integer.getInteger("bench.window", 100),
                Integer.getInteger("bench.watchers", 100),
                Integer.getInteger("bench.znodes", 1_000_000),
                System.getProperty("bench.loads", ""),
                System.getProperty("bench.jvm", ServerSettings.DEFAULT_JVM_OPTIONS),
                Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath().normalize());
    }
}
