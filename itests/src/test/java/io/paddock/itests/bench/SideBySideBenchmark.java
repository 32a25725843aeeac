package io.paddock.itests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;

/**
 * The {@code bench} profile's run: Apache ZooKeeper 3.9.3 and Paddock on each of its storage
 * backends as child processes with the same settings ({@link BenchServer}; {@code
 * -Dbench.servers=zookeeper,paddock,paddock-rocksdb} picks some), each load driven on all of them
 * in alternating rounds; then the same for 3-server ensembles of ZooKeeper and of Paddock on file
 * storage ({@link Ensemble}; {@code -Dbench.ensemble=false} leaves them out, {@code only} runs
 * nothing else); then heap per znode and start-up time with a million znodes. The report goes to
 * stdout and {@code target/bench/}. Only the profile runs it (its name matches none of
 * surefire's default includes), and it asserts no time: it checks that every load was measured
 * on every server, or every ensemble.
 */
class SideBySideBenchmark {

    @Test
    void everyLoadIsMeasuredOnEveryServerInAlternatingRounds() throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        ServerSettings server = ServerSettings.defaults(settings.jvmOptions());
        List<BenchServer> servers = BenchServer.select(System.getProperty("bench.servers", ""));
        EnsembleRows ensembleRows = EnsembleRows.of(System.getProperty("bench.ensemble", "true"));
        List<BenchServer> ensembleKinds = ensembleRows == EnsembleRows.NONE ? List.of()
                : servers.stream().filter(BenchServer::ensemble).toList();
        if (ensembleRows == EnsembleRows.ONLY && ensembleKinds.isEmpty()) {
            throw new IllegalArgumentException("bench.ensemble=only, but bench.servers names none of the servers "
                    + "that run as ensembles: " + BenchServer.ALL.stream().filter(BenchServer::ensemble)
                    .map(BenchServer::id).collect(Collectors.joining(",")));
        }
        Machine machine = Machine.probe(settings.dir());
        Progress.note("fsync p50 " + Report.latency(machine.fsync().p50Micros()) + ", p99 "
                + Report.latency(machine.fsync().p99Micros()) + "; " + machine.cores() + " cores");
        List<Load> candidates = new ArrayList<>();
        if (ensembleRows != EnsembleRows.ONLY) {
            candidates.addAll(Load.all(settings.window(), settings.watchers()));
        }
        if (!ensembleKinds.isEmpty()) {
            candidates.addAll(Load.ensemble(Ensemble.SIZE, settings.window()));
        }
        List<Load> loads = Load.select(candidates, settings.loads());
        List<Load> standaloneLoads = loads.stream().filter(l -> l.servers() == 1).toList();
        List<Load> ensembleLoads = loads.stream().filter(l -> l.servers() > 1).toList();
        boolean million = settings.znodes() > 0 && ensembleRows != EnsembleRows.ONLY;
        // The report's columns: the servers that run standalone, and the kinds that run as ensembles.
        List<BenchServer> standalone = standaloneLoads.isEmpty() && !million ? List.of() : servers;
        List<BenchServer> ensembles = ensembleLoads.isEmpty() ? List.of() : ensembleKinds;
        List<BenchServer> columns = servers.stream()
                .filter(s -> standalone.contains(s) || ensembles.contains(s)).toList();
        List<String> names = standalone.stream().map(BenchServer::name).toList();
        List<String> ensembleNames = ensembles.stream().map(BenchServer::name).toList();
        Results results = new Results(columns.stream().map(BenchServer::name).toList());

        if (!standaloneLoads.isEmpty()) {
            measureStandalone(servers, standaloneLoads, settings, server, results);
        }
        List<String> ensembleNotes = new ArrayList<>();
        List<String> ensembleFailures = new ArrayList<>();
        if (!ensembleLoads.isEmpty()) {
            measureEnsembles(ensembleKinds, ensembleLoads, settings, server, results, ensembleNotes, ensembleFailures);
        }
        if (million) {
            measureMillion(servers, settings, server, results);
        }

        Report report = new Report(heading(standalone, ensembles),
                setup(columns, ensembles, ensembleNotes, ensembleFailures, settings, server),
                machine, settings, results, started, Duration.ofNanos(System.nanoTime() - t0));
        System.out.println(report.write("side-by-side"));
        Progress.note("report written to " + settings.dir().resolve("side-by-side.md") + " and .json");

        assertThat(ensembleFailures).as("ensembles that could not be measured").isEmpty();
        assertThat(results.loads()).containsOnlyKeys(loads);
        assertThat(results.loads()).allSatisfy((load, byServer) ->
                assertThat(byServer).containsOnlyKeys(load.servers() == 1 ? names : ensembleNames));
        assertThat(settings.dir().resolve("side-by-side.json")).exists();
    }

    /** What {@code -Dbench.ensemble} asks for: {@code true} (the default), {@code false} or {@code only}. */
    private enum EnsembleRows {
        /** The ensembles' rows as well as the standalone ones. */
        ALSO,
        /** No ensembles. */
        NONE,
        /** Only the ensembles' rows: no standalone loads, no memory or start-up measurements. */
        ONLY;

        static EnsembleRows of(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "" -> ALSO;
                case "false" -> NONE;
                case "only" -> ONLY;
                default -> throw new IllegalArgumentException("bench.ensemble=" + value
                        + ": choose true (the default), false or only");
            };
        }
    }

    /** Each server started on an empty data folder and warmed up, then the loads in alternating rounds. */
    private static void measureStandalone(List<BenchServer> servers, List<Load> loads, BenchSettings settings,
                                          ServerSettings server, Results results) throws Exception {
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
    }

    /**
     * Each ensemble started on empty data folders and warmed up, then the loads in alternating
     * rounds, one ensemble after the other, with the sessions spread over each one's members.
     * An ensemble that fails (does not start, loses sessions, stops answering) is not measured
     * further, so that the others' rows and the report still come out; what failed, and the
     * members' state then, goes to {@code failures}. The members' state at the start and after
     * the loads goes to {@code notes}.
     */
    private static void measureEnsembles(List<BenchServer> kinds, List<Load> loads, BenchSettings settings,
                                         ServerSettings server, Results results, List<String> notes,
                                         List<String> failures) throws IOException, InterruptedException {
        try (EnsembleLineup lineup = EnsembleLineup.launch(kinds, settings, server)) {
            List<Ensemble> failed = new ArrayList<>();
            for (Ensemble e : lineup.ensembles()) {
                try {
                    Duration took = e.start();
                    String state = e.state();
                    Progress.note(String.format(Locale.ROOT, "%s ensemble serving %.1f s after launch: %s", e.name(),
                            took.toMillis() / 1000.0, state));
                    notes.add(e.name() + " ensemble at the start: " + state);
                    LoadRunner runner = new LoadRunner(e.connectStrings());
                    runner.prepare();
                    runner.warmUp(settings.warmUp(), settings.window());
                } catch (IOException | KeeperException | RuntimeException x) {
                    failed.add(e);
                    failures.add(failure(e, "starting and warming up", x));
                }
            }
            for (Load load : loads) {
                for (int round = 1; round <= settings.rounds(); round++) {
                    for (Ensemble e : lineup.ensembles()) {
                        if (failed.contains(e)) {
                            continue;
                        }
                        try {
                            Measurement m = new LoadRunner(e.connectStrings()).run(load, settings.round());
                            Progress.round(load, round, e.name(), m);
                            results.add(load, e.name(), m);
                        } catch (IOException | KeeperException | RuntimeException x) {
                            failed.add(e);
                            failures.add(failure(e, load.id() + " round " + round, x));
                        }
                    }
                }
            }
            for (Ensemble e : lineup.ensembles()) {
                String state = e.state();
                Progress.note(e.name() + " ensemble after the loads: " + state);
                notes.add(e.name() + " ensemble after the loads: " + state);
            }
        }
    }

    /** Says what failed, prints it, and returns it for the report. */
    private static String failure(Ensemble e, String during, Exception x) {
        StringBuilder causes = new StringBuilder(x.toString());
        for (Throwable c = x.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            causes.append(" <- ").append(c);
        }
        String text = e.name() + " ensemble failed " + during + ", so is not measured further: " + causes
                + "; members then: " + e.state() + "; logs: " + e.logs();
        Progress.note(text);
        return text;
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

    private static String zooKeeperClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static Path paddockHome() {
        return Path.of(System.getProperty("paddock.home", "../distribution/target/paddock")).toAbsolutePath()
                .normalize();
    }

    /** Removes the data folders (gigabytes of txn log after a run) unless {@code -Dbench.keepData=true}. */
    private static void removeData(List<ServerUnderTest> servers) throws IOException {
        if (!Boolean.getBoolean("bench.keepData")) {
            for (ServerUnderTest s : servers) {
                ServerUnderTest.deleteRecursively(s.dataDir());
            }
        }
    }

    /**
     * The servers of one part of the run, each in {@code <bench.dir>/<id><suffix>}. Closing stops
     * them all, then removes their data folders; the servers' logs stay.
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
                case ZOOKEEPER -> ServerUnderTest.zookeeper(s.name(), dir, server, s.config(), zooKeeperClassPath());
                case PADDOCK -> ServerUnderTest.paddock(s.name(), dir, server, s.config(), paddockHome());
            };
        }

        @Override
        public void close() throws IOException {
            for (ServerUnderTest s : servers) {
                s.close();
            }
            removeData(servers);
        }
    }

    /**
     * The ensembles of the run, each in {@code <bench.dir>/<id>-ensemble/member-<sid>}. Closing
     * stops every member of every ensemble, then removes their data folders; their logs stay.
     */
    private record EnsembleLineup(List<Ensemble> ensembles) implements AutoCloseable {
        EnsembleLineup {
            ensembles = List.copyOf(ensembles);
        }

        static EnsembleLineup launch(List<BenchServer> kinds, BenchSettings settings, ServerSettings server) {
            List<Ensemble> prepared = new ArrayList<>();
            try {
                for (BenchServer kind : kinds) {
                    prepared.add(Ensemble.prepare(kind, settings.dir().resolve(kind.id() + "-ensemble"), server,
                            zooKeeperClassPath(), paddockHome()));
                }
            } catch (RuntimeException e) {
                try {
                    new EnsembleLineup(prepared).close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return new EnsembleLineup(prepared);
        }

        @Override
        public void close() throws IOException {
            for (Ensemble e : ensembles) {
                e.close();
            }
            removeData(ensembles.stream().flatMap(e -> e.members().stream()).toList());
        }
    }

    private static String heading(List<BenchServer> standalone, List<BenchServer> ensembleKinds) {
        List<String> parts = new ArrayList<>();
        if (!standalone.isEmpty()) {
            parts.add(standalone.stream().map(BenchServer::name).collect(Collectors.joining(", ")));
        }
        if (!ensembleKinds.isEmpty()) {
            parts.add(Ensemble.SIZE + "-server ensembles of "
                    + ensembleKinds.stream().map(BenchServer::name).collect(Collectors.joining(", ")));
        }
        return "Side by side: " + String.join("; ", parts);
    }

    private static String setup(List<BenchServer> servers, List<BenchServer> ensembleKinds, List<String> ensembleNotes,
                                List<String> ensembleFailures, BenchSettings settings, ServerSettings server) {
        String setup = "servers: " + servers.stream().map(BenchServer::describe).collect(Collectors.joining("; "))
                + "; child processes on 127.0.0.1, all with JVM options `"
                + String.join(" ", server.jvmOptions()) + "` and zoo.cfg tickTime=" + server.tickTime()
                + ", snapCount=" + server.snapCount() + ", preAllocSize=" + server.preAllocSizeKb()
                + ", maxClientCnxns=0, 4lw.commands.whitelist=*, each with its own data folder under "
                + settings.dir() + "; clients: the stock ZooKeeper 3.9.3 client, every session in the "
                + "benchmark's JVM on the same machine";
        if (ensembleKinds.isEmpty()) {
            return setup;
        }
        return setup + "\n- ensembles (the `" + Load.Pipelined.ENSEMBLE + "-` rows): " + Ensemble.SIZE
                + " members of each of " + ensembleKinds.stream().map(BenchServer::name)
                .collect(Collectors.joining(" and ")) + ", every member a child process like the servers above "
                + "(same JVM options, zoo.cfg and kind's keys, own data folder), plus initLimit=" + server.initLimit()
                + ", syncLimit=" + server.syncLimit() + ", server.1-" + Ensemble.SIZE
                + "=127.0.0.1:<quorum port>:<election port> and the sid in dataDir/myid, all ports free loopback "
                + "ports; both ensembles run at once, their rounds alternate; session i is connected to member "
                + "i mod " + Ensemble.SIZE + " alone, so writes on followers go through the leader and reads are "
                + "local; in these rows the columns of " + ensembleKinds.stream().map(BenchServer::name)
                .collect(Collectors.joining(" and ")) + " are their ensembles"
                + ensembleNotes.stream().map(n -> "\n- " + n).collect(Collectors.joining())
                + ensembleFailures.stream().map(f -> "\n- **" + f + "**").collect(Collectors.joining());
    }
}
