package io.paddock.itests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code bench} profile's run: Apache ZooKeeper 3.9.3 and Paddock as child processes with the
 * same settings, each load driven on both in alternating rounds, then heap per znode and
 * start-up time with a million znodes; the report goes to stdout and {@code target/bench/}.
 * Only the profile runs it (its name matches none of surefire's default includes), and it
 * asserts no time: it checks that every load was measured on both servers.
 */
class SideBySideBenchmark {
    private static final String ZOOKEEPER = "ZooKeeper";
    private static final String PADDOCK = "Paddock";

    @Test
    void everyLoadIsMeasuredOnZooKeeperAndPaddockInAlternatingRounds() throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        ServerSettings server = ServerSettings.defaults(settings.jvmOptions());
        Machine machine = Machine.probe(settings.dir());
        Progress.note("fsync p50 " + Report.latency(machine.fsync().p50Micros()) + ", p99 "
                + Report.latency(machine.fsync().p99Micros()) + "; " + machine.cores() + " cores");
        List<Load> loads = Load.select(Load.all(settings.window(), settings.watchers()), settings.loads());
        Results results = new Results(List.of(ZOOKEEPER, PADDOCK));

        // Resources close in reverse: the servers stop before their data folders go.
        try (DataFolders data = new DataFolders(settings, "zookeeper", "paddock");
             ServerUnderTest zk = zookeeper(settings, server, "zookeeper");
             ServerUnderTest paddock = paddock(settings, server, "paddock")) {
            List<ServerUnderTest> both = List.of(zk, paddock);
            for (ServerUnderTest s : both) {
                results.emptyStartup(s.name(), startAndConnect(s, 0));
                LoadRunner runner = new LoadRunner(s.connectString());
                runner.prepare();
                runner.warmUp(settings.warmUp(), settings.window());
            }
            for (Load load : loads) {
                for (int round = 1; round <= settings.rounds(); round++) {
                    for (ServerUnderTest s : both) {
                        Measurement m = new LoadRunner(s.connectString()).run(load, settings.round());
                        Progress.round(load, round, s.name(), m);
                        results.add(load, s.name(), m);
                    }
                }
            }
        }

        if (settings.znodes() > 0) {
            measureMillion(settings, server, results);
        }

        Report report = new Report("Paddock beside Apache ZooKeeper 3.9.3", setup(settings, server), machine,
                settings, results, started, Duration.ofNanos(System.nanoTime() - t0));
        System.out.println(report.write("side-by-side"));
        Progress.note("report written to " + settings.dir().resolve("side-by-side.md") + " and .json");

        assertThat(results.loads()).containsOnlyKeys(loads);
        assertThat(results.loads().values()).allSatisfy(byServer ->
                assertThat(byServer).containsOnlyKeys(ZOOKEEPER, PADDOCK));
        assertThat(settings.dir().resolve("side-by-side.json")).exists();
    }

    /**
     * Fresh servers, filled one after the other (heap measured around the fill), then restarted
     * alternately on their filled data.
     */
    private static void measureMillion(BenchSettings settings, ServerSettings server, Results results)
            throws Exception {
        HeapProbe heap = new HeapProbe();
        try (DataFolders data = new DataFolders(settings, "zookeeper-million", "paddock-million");
             ServerUnderTest zk = zookeeper(settings, server, "zookeeper-million");
             ServerUnderTest paddock = paddock(settings, server, "paddock-million")) {
            List<ServerUnderTest> both = List.of(zk, paddock);
            for (ServerUnderTest s : both) {
                startAndConnect(s, 0);
                long baseline = heap.settledUsedAfterFullGc(s.pid());
                Progress.note(s.name() + ": creating " + settings.znodes() + " znodes");
                Measurement fill = new MillionZnodes(s.connectString()).create(settings.znodes());
                long after = heap.settledUsedAfterFullGc(s.pid());
                Results.Footprint f = new Results.Footprint(settings.znodes(), baseline, after, fill);
                Progress.note(String.format("%s: %,.0f creates/s, %.0f bytes/znode", s.name(), fill.opsPerSecond(),
                        f.bytesPerZnode()));
                results.footprint(s.name(), f);
            }
            for (int round = 1; round <= 2; round++) {
                for (ServerUnderTest s : both) {
                    s.stop();
                    Duration d = startAndConnect(s, settings.znodes());
                    Progress.note(s.name() + ": restart " + round + " on " + settings.znodes() + " znodes took "
                            + d.toMillis() + " ms");
                    results.filledStartup(s.name(), d, s.nodeCount());
                }
            }
        }
    }

    /** Starts the server and times it until {@code srvr} shows {@code minNodes} and a session connects. */
    private static Duration startAndConnect(ServerUnderTest s, long minNodes) throws Exception {
        long t0 = System.nanoTime();
        s.start(minNodes);
        try (Sessions session = Sessions.open(s.connectString(), 1)) {
            return Duration.ofNanos(System.nanoTime() - t0);
        }
    }

    /**
     * The servers' data folders (gigabytes of txn log after a run) are removed once their servers
     * have stopped, unless {@code -Dbench.keepData=true}; the servers' logs stay.
     */
    private record DataFolders(BenchSettings settings, String... servers) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (!Boolean.getBoolean("bench.keepData")) {
                for (String s : servers) {
                    ServerUnderTest.deleteRecursively(settings.dir().resolve(s).resolve("data"));
                }
            }
        }
    }

    private static ServerUnderTest zookeeper(BenchSettings settings, ServerSettings server, String name) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return ServerUnderTest.zookeeper(settings.dir().resolve(name), server, classPath);
    }

    private static ServerUnderTest paddock(BenchSettings settings, ServerSettings server, String name) {
        Path home = Path.of(System.getProperty("paddock.home", "../distribution/target/paddock"))
                .toAbsolutePath().normalize();
        return ServerUnderTest.paddock(settings.dir().resolve(name), server, home);
    }

    private static String setup(BenchSettings settings, ServerSettings server) {
        return "servers: Apache ZooKeeper 3.9.3 (`ZooKeeperServerMain`, from Maven Central) and Paddock "
                + "(`bin/paddock` of the distribution), child processes on 127.0.0.1, both with JVM options `"
                + String.join(" ", server.jvmOptions()) + "` and zoo.cfg tickTime=" + server.tickTime()
                + ", snapCount=" + server.snapCount() + ", preAllocSize=" + server.preAllocSizeKb()
                + ", maxClientCnxns=0, 4lw.commands.whitelist=*, each with its own data folder under "
                + settings.dir() + "; clients: the stock ZooKeeper 3.9.3 client, every session in the "
                + "benchmark's JVM on the same machine";
    }
}
