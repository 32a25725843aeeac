package io.paddock.itests.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark's loads against any running ZooKeeper-protocol server:
 * {@code BenchDriver --connect host:port[,host:port...] [--seconds N] [--rounds N] [--warmup N]
 * [--loads id,...] [--window N] [--watchers N] [--out dir]}. Creates its nodes under
 * {@code /bench} (and leaves the pre-created ones there), prints the report and writes it to
 * {@code <out>/connect.md} and {@code .json}.
 */
public final class BenchDriver {
    private static final String USAGE = "usage: BenchDriver --connect host:port[,host:port...] [--seconds N] "
            + "[--rounds N] [--warmup N] [--loads id,...] [--window N] [--watchers N] [--out dir]";

    private BenchDriver() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings defaults = BenchSettings.fromSystemProperties();
        String connect = null;
        double seconds = defaults.round().toMillis() / 1000.0;
        double warmUp = defaults.warmUp().toMillis() / 1000.0;
        int rounds = defaults.rounds();
        int window = defaults.window();
        int watchers = defaults.watchers();
        String loads = defaults.loads();
        Path out = defaults.dir();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--connect" -> connect = value;
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--warmup" -> warmUp = Double.parseDouble(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--watchers" -> watchers = Integer.parseInt(value);
                case "--loads" -> loads = value;
                case "--out" -> out = Path.of(value).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
            }
        }
        if (connect == null) {
            throw new IllegalArgumentException(USAGE);
        }
        BenchSettings settings = new BenchSettings(Duration.ofMillis((long) (seconds * 1000)),
                Duration.ofMillis((long) (warmUp * 1000)), rounds, window, watchers, 0, loads,
                "(the server's own)", out);
        run(connect, settings);
    }

    static void run(String connect, BenchSettings settings) throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Machine machine = Machine.probe(settings.dir());
        List<Load> loads = Load.select(Load.all(settings.window(), settings.watchers()), settings.loads());
        Results results = new Results(List.of(connect));
        LoadRunner runner = new LoadRunner(connect);
        runner.prepare();
        runner.warmUp(settings.warmUp(), settings.window());
        for (Load load : loads) {
            for (int round = 1; round <= settings.rounds(); round++) {
                Measurement m = runner.run(load, settings.round());
                Progress.round(load, round, connect, m);
                results.add(load, connect, m);
            }
        }
        Report report = new Report("ZooKeeper-protocol server at " + connect,
                "server: as it runs at " + connect + "; clients: the stock ZooKeeper 3.9.3 client, all sessions in "
                        + "this JVM; fsync above is this machine's disk, not necessarily the server's",
                machine, settings, results, started, Duration.ofNanos(System.nanoTime() - t0));
        System.out.println(report.write("connect"));
        System.out.println("report written to " + settings.dir().resolve("connect.md") + " and .json");
    }
}
