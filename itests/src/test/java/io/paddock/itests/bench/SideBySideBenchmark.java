package io.paddock.itests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code bench} profile's run: Apache ZooKeeper 3.9.3 and Paddock on each of its storage
 * backends as child processes with the same settings ({@link BenchServer}; {@code
 * -Dbench.servers=zookeeper,paddock,paddock-rocksdb} picks some), each load driven on all of them
 * in alternating rounds, then heap per znode and start-up time with a million znodes; the report
 * goes to stdout and {@code target/bench/}. Only the profile runs it (its name matches none of
 * surefire's default includes), and it asserts no time: it checks that every load was measured
 * on every server.
 */
class SideBySideBenchmark {

    @Test
    void everyLoadIsMeasuredOnEveryServerInAlternatingRounds() throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        ServerSettings server = ServerSettings.defaults(settings.jvmOptions());
        List<BenchServer> servers = BenchServer.select(System.getProperty("bench.servers", ""));
        Machine machine = Machine.probe(settings.dir());
        Progress.note("fsync p50 " + Report.latency(machine.fsync().p50Micros()) + ", p99 "
                + Report.latency(machine.fsync().p99Micros()) + "; " + machine.cores() + " cores");
        List<Load> loads = Load.select(Load.all(settings.window(), settings.watchers()), settings.loads());
        List<String> names = servers.stream().map(BenchServer::name).toList();
        Results results = new Results(names);

        try (Lineup lineup = Lineup.launch(servers, "", settings, server)) {
            for (ServerUnderTest s : lineup.servers()) {
                results.emptyStartup(s.name(), startAndConnect(s, 0));
                LoadRunner runner = new LoadRunner(s.connectString());
                runner.prepare();
                runner.warmUp(settings.warmUp(), settings.window());
            }
            for (Load load : loads) {
                for (int round = 1; round <= settings.rounds(); round++) {
                    for (ServerUnderTest s : lineup.servers()) {
                        Measurement m = new LoadRunner(s.connectString()).run(load, settings.round());
                        Progress.round(load, round, s.name(), m);
                        results.add(load, s.name(), m);
                    }
                }
            }
        }

        if (settings.znodes() > 0) {
            measureMillion(servers, settings, server, results);
        }

        Report report = new Report(heading(servers), setup(servers, settings, server), machine,
                settings, results, started, Duration.ofNanos(System.nanoTime() - t0));
        System.out.println(report.write("side-by-side"));
        Progress.note("report written to " + settings.dir().resolve("side-by-side.md") + " and .json");

        assertThat(results.loads()).containsOnlyKeys(loads);
        assertThat(results.loads().values()).allSatisfy(byServer ->
                assertThat(byServer).containsOnlyKeys(names));
        assertThat(settings.dir().resolve("side-by-side.json")).exists();
    }

    /**
     * Fresh servers, filled one after the other (heap measured around the fill), then restarted
     * alternately on their filled data.
     */
    private static void measureMillion(List<BenchServer> servers, BenchSettings settings, ServerSettings server,
                                       Results results) throws Exception {
        HeapProbe heap = new HeapProbe();
        try (Lineup lineup = Lineup.launch(servers, "-million", settings, server)) {
            for (ServerUnderTest s : lineup.servers()) {
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
                for (ServerUnderTest s : lineup.servers()) {
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
     * The servers of one part of the run, each in {@code <bench.dir>/<id><suffix>}. Closing stops
     * them all, then removes their data folders (gigabytes of txn log after a run) unless
     * {@code -Dbench.keepData=true}; the servers' logs stay.
     */
    private record Lineup(List<ServerUnderTest> servers) implements AutoCloseable {
        Lineup {
            servers = List.copyOf(servers);
        }

        static Lineup launch(List<BenchServer> servers, String suffix, BenchSettings settings,
                             ServerSettings server) {
            List<ServerUnderTest> prepared = new ArrayList<>();
            try {
                for (BenchServer s : servers) {
                    prepared.add(prepare(s, settings.dir().resolve(s.id() + suffix), server));
                }
            } catch (RuntimeException e) {
                try {
                    new Lineup(prepared).close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return new Lineup(prepared);
        }

        private static ServerUnderTest prepare(BenchServer s, Path dir, ServerSettings server) {
            return switch (s.launch()) {
                case ZOOKEEPER -> ServerUnderTest.zookeeper(s.name(), dir, server, s.config(),
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
                case PADDOCK -> ServerUnderTest.paddock(s.name(), dir, server, s.config(),
                        Path.of(System.getProperty("paddock.home", "../distribution/target/paddock"))
                                .toAbsolutePath().normalize());
            };
        }

        @Override
        public void close() throws IOException {
            for (ServerUnderTest s : servers) {
                s.close();
            }
            if (!Boolean.getBoolean("bench.keepData")) {
                for (ServerUnderTest s : servers) {
                    ServerUnderTest.deleteRecursively(s.dataDir());
                }
            }
        }
    }

    private static String heading(List<BenchServer> servers) {
        return "Side by side: " + servers.stream().map(BenchServer::name).collect(Collectors.joining(", "));
    }

    private static String setup(List<BenchServer> servers, BenchSettings settings, ServerSettings server) {
        return "servers: " + servers.stream().map(BenchServer::describe).collect(Collectors.joining("; "))
                + "; child processes on 127.0.0.1, all with JVM options `"
                + String.join(" ", server.jvmOptions()) + "` and zoo.cfg tickTime=" + server.tickTime()
                + ", snapCount=" + server.snapCount() + ", preAllocSize=" + server.preAllocSizeKb()
                + ", maxClientCnxns=0, 4lw.commands.whitelist=*, each with its own data folder under "
                + settings.dir() + "; clients: the stock ZooKeeper 3.9.3 client, every session in the "
                + "benchmark's JVM on the same machine";
    }
}
