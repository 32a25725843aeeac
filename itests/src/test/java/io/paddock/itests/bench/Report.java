package io.paddock.itests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report of a run, as markdown (printed and written) and JSON (written), both in
 * {@link BenchSettings#dir()}. The first server is the baseline: with two or more, every row
 * gets for each other server the ratio other ÷ baseline (Paddock ÷ ZooKeeper when ZooKeeper
 * ran): above 1 for ops/s and below 1 for latency mean the other is better. The rows of loads on
 * ensembles ({@code ensemble-...}) compare the ensembles of the same kinds.
 */
final class Report {
    private final String heading;
    private final String setup;
    private final Machine machine;
    private final BenchSettings settings;
    private final Results results;
    private final Instant started;
    private final Duration took;

    Report(String heading, String setup, Machine machine, BenchSettings settings, Results results,
           Instant started, Duration took) {
        this.heading = heading;
        this.setup = setup;
        this.machine = machine;
        this.settings = settings;
        this.results = results;
        this.started = started;
        this.took = took;
    }

    /** Writes {@code <name>.md} and {@code <name>.json} and returns the markdown. */
    String write(String name) throws IOException {
        String md = markdown();
        Files.createDirectories(settings.dir());
        Files.writeString(settings.dir().resolve(name + ".md"), md);
        Files.writeString(settings.dir().resolve(name + ".json"), json());
        return md;
    }

    private String baseline() {
        return results.servers().get(0);
    }

    /** The servers compared with the baseline; empty when only one ran. */
    private List<String> others() {
        return results.servers().subList(1, results.servers().size());
    }

    private String versus(String other) {
        return other + " ÷ " + baseline();
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(heading).append("\n\n");
        sb.append("- started ").append(started).append(", took ").append(seconds(took)).append('\n');
        sb.append("- machine: ").append(machine.cores()).append(" cores (nproc ").append(machine.nproc())
                .append("), ").append(machine.os()).append(", ").append(machine.jvm()).append('\n');
        sb.append("- disk fsync (4 KiB append + FileChannel.force, ").append(machine.fsync().samples())
                .append("× in ").append(machine.disk()).append("): p50 ").append(latency(machine.fsync().p50Micros()))
                .append(", p99 ").append(latency(machine.fsync().p99Micros())).append('\n');
        sb.append("- ").append(setup).append('\n');
        sb.append("- each load: ").append(settings.rounds()).append(" measured rounds of ")
                .append(seconds(settings.round())).append(" per server, alternating ")
                .append(String.join(", ", results.servers())).append(", after ")
                .append(seconds(settings.warmUp())).append(" of untimed mixed load; latency from the request's "
                        + "submit to its callback (HdrHistogram, rounds merged); errors are failed requests by code\n");
        if (!others().isEmpty()) {
            sb.append("- ratio = ").append(others().stream().map(this::versus).collect(Collectors.joining(", ")))
                    .append(": ops/s above ×1 and latency below ×1 mean the server before the ÷ is better than ")
                    .append(baseline()).append('\n');
        }
        sb.append('\n');

        if (!results.loads().isEmpty()) {
            sb.append("## Summary\n\n");
            if (!others().isEmpty()) {
                sb.append("| load |");
                results.servers().forEach(s -> sb.append(' ').append(s).append(" ops/s |"));
                others().forEach(s -> sb.append(' ').append(s).append(" ops/s ratio | ").append(s)
                        .append(" p50 ratio | ").append(s).append(" p99 ratio | ").append(s).append(" p99.9 ratio |"));
                sb.append(" errors |\n|---|").append("---:|".repeat(results.servers().size() + 4 * others().size()))
                        .append("---|\n");
                // A server a load did not run on (an ensemble row has only the kinds that run as
                // ensembles, and none that failed) gets "–", not a zero that would read as a measurement.
                results.loads().forEach((load, byServer) -> {
                    Measurement a = byServer.getOrDefault(baseline(), Measurement.empty());
                    sb.append("| ").append(load.id()).append(" |");
                    results.servers().forEach(s -> sb.append(' ').append(byServer.containsKey(s)
                            ? rate(byServer.get(s).opsPerSecond()) : "–").append(" |"));
                    others().forEach(s -> {
                        if (!byServer.containsKey(s) || !byServer.containsKey(baseline())) {
                            sb.append(" – | – | – | – |");
                            return;
                        }
                        Measurement b = byServer.get(s);
                        sb.append(' ').append(ratio(b.opsPerSecond(), a.opsPerSecond())).append(" | ")
                                .append(ratio(b.percentileMicros(50), a.percentileMicros(50))).append(" | ")
                                .append(ratio(b.percentileMicros(99), a.percentileMicros(99))).append(" | ")
                                .append(ratio(b.percentileMicros(99.9), a.percentileMicros(99.9))).append(" |");
                    });
                    sb.append(' ').append(results.servers().stream()
                            .map(s -> byServer.containsKey(s) ? Long.toString(byServer.get(s).errorCount()) : "–")
                            .collect(Collectors.joining(" / "))).append(" |\n");
                });
            } else {
                sb.append("| load | ops/s | p50 | p99 | p99.9 | errors |\n|---|---:|---:|---:|---:|---|\n");
                results.loads().forEach((load, byServer) -> byServer.values().forEach(m ->
                        sb.append("| ").append(load.id()).append(" | ").append(rate(m.opsPerSecond())).append(" | ")
                                .append(latency(m.percentileMicros(50))).append(" | ")
                                .append(latency(m.percentileMicros(99))).append(" | ")
                                .append(latency(m.percentileMicros(99.9))).append(" | ")
                                .append(errors(m)).append(" |\n")));
            }
            sb.append('\n');

            results.loads().forEach((load, byServer) -> {
                sb.append("### ").append(load.id()).append(": ").append(load.title()).append("\n\n");
                sb.append("| server | ops/s | p50 | p99 | p99.9 | max | requests | errors |\n");
                sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
                byServer.forEach((server, m) -> sb.append("| ").append(server).append(" | ")
                        .append(rate(m.opsPerSecond())).append(" | ").append(latency(m.percentileMicros(50)))
                        .append(" | ").append(latency(m.percentileMicros(99))).append(" | ")
                        .append(latency(m.percentileMicros(99.9))).append(" | ")
                        .append(latency(maxMicros(m)))
                        .append(" | ").append(m.ops()).append(" | ").append(errors(m)).append(" |\n"));
                Measurement a = byServer.get(baseline());
                others().stream().filter(s -> a != null && byServer.containsKey(s)).forEach(s -> {
                    Measurement b = byServer.get(s);
                    sb.append("| ").append(versus(s)).append(" | ")
                            .append(ratio(b.opsPerSecond(), a.opsPerSecond())).append(" | ")
                            .append(ratio(b.percentileMicros(50), a.percentileMicros(50))).append(" | ")
                            .append(ratio(b.percentileMicros(99), a.percentileMicros(99))).append(" | ")
                            .append(ratio(b.percentileMicros(99.9), a.percentileMicros(99.9))).append(" | ")
                            .append(ratio(maxMicros(b), maxMicros(a))).append(" | | |\n");
                });
                sb.append('\n');
            });
        }

        Map<String, Results.Footprint> footprints = results.footprints();
        if (!footprints.isEmpty()) {
            sb.append("## Memory: heap per znode\n\n");
            sb.append("Used heap after a full GC (jcmd GC.run, GC.heap_info) before and after creating the znodes "
                    + "(").append(MillionZnodes.VALUE_BYTES).append(" B each, flat under ").append(MillionZnodes.PARENTS)
                    .append(" parents, async from ").append(MillionZnodes.SESSIONS).append(" sessions, window ")
                    .append(MillionZnodes.WINDOW).append(").\n\n");
            sb.append("| server | znodes | heap before | heap after | bytes/znode | fill ops/s | fill p99 | fill errors |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
            footprints.forEach((server, f) -> sb.append("| ").append(server).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", f.znodes())).append(" | ").append(mib(f.baselineBytes()))
                    .append(" | ").append(mib(f.afterBytes())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", f.bytesPerZnode())).append(" | ")
                    .append(rate(f.fill().opsPerSecond())).append(" | ").append(latency(f.fill().percentileMicros(99)))
                    .append(" | ").append(errors(f.fill())).append(" |\n"));
            Results.Footprint a = footprints.get(baseline());
            others().stream().filter(s -> a != null && footprints.containsKey(s)).forEach(s -> {
                Results.Footprint b = footprints.get(s);
                sb.append("| ").append(versus(s)).append(" | | | | ")
                        .append(ratio(b.bytesPerZnode(), a.bytesPerZnode())).append(" | ")
                        .append(ratio(b.fill().opsPerSecond(), a.fill().opsPerSecond())).append(" | ")
                        .append(ratio(b.fill().percentileMicros(99), a.fill().percentileMicros(99))).append(" | |\n");
            });
            sb.append('\n');
        }

        Map<String, Results.Startup> startups = results.startups();
        if (!startups.isEmpty()) {
            long nodes = startups.values().iterator().next().nodes();
            sb.append("## Start-up\n\n");
            sb.append("From launching the process to a connected client session and `srvr` reporting every node "
                    + "(SIGTERM before each restart; every server restarts from what its storage kept).\n\n");
            sb.append("| server | empty data folder | ").append(String.format(Locale.ROOT, "%,d", nodes))
                    .append(" nodes, each restart | mean |\n|---|---:|---:|---:|\n");
            startups.forEach((server, s) -> sb.append("| ").append(server).append(" | ")
                    .append(s.empty() == null ? "" : seconds(s.empty())).append(" | ")
                    .append(s.filled().stream().map(Report::seconds).collect(Collectors.joining(", "))).append(" | ")
                    .append(s.filled().isEmpty() ? "" : seconds(s.meanFilled())).append(" |\n"));
            Results.Startup a = startups.get(baseline());
            others().stream().filter(s -> a != null && startups.containsKey(s)).forEach(s -> {
                Results.Startup b = startups.get(s);
                sb.append("| ").append(versus(s)).append(" | ")
                        .append(a.empty() == null || b.empty() == null ? ""
                                : ratio(b.empty().toNanos(), a.empty().toNanos()))
                        .append(" | | ").append(a.filled().isEmpty() || b.filled().isEmpty() ? ""
                                : ratio(b.meanFilled().toNanos(), a.meanFilled().toNanos())).append(" |\n");
            });
            sb.append('\n');
        }
        return sb.toString();
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"heading\": ").append(str(heading)).append(",\n");
        sb.append("  \"started\": ").append(str(started.toString())).append(",\n");
        sb.append("  \"tookSeconds\": ").append(num(took.toMillis() / 1000.0)).append(",\n");
        sb.append("  \"setup\": ").append(str(setup)).append(",\n");
        sb.append("  \"machine\": {\"cores\": ").append(machine.cores()).append(", \"nproc\": ")
                .append(str(machine.nproc())).append(", \"os\": ").append(str(machine.os())).append(", \"jvm\": ")
                .append(str(machine.jvm())).append(", \"disk\": ").append(str(machine.disk().toString()))
                .append(", \"fsyncSamples\": ").append(machine.fsync().samples()).append(", \"fsyncP50Micros\": ")
                .append(machine.fsync().p50Micros()).append(", \"fsyncP99Micros\": ").append(machine.fsync().p99Micros())
                .append("},\n");
        sb.append("  \"settings\": {\"roundSeconds\": ").append(num(settings.round().toMillis() / 1000.0))
                .append(", \"warmUpSeconds\": ").append(num(settings.warmUp().toMillis() / 1000.0))
                .append(", \"rounds\": ").append(settings.rounds()).append(", \"window\": ").append(settings.window())
                .append(", \"watchers\": ").append(settings.watchers()).append(", \"znodes\": ").append(settings.znodes())
                .append(", \"jvmOptions\": ").append(str(settings.jvmOptions())).append("},\n");
        sb.append("  \"servers\": [").append(results.servers().stream().map(Report::str)
                .collect(Collectors.joining(", "))).append("],\n");
        sb.append("  \"baseline\": ").append(str(baseline())).append(",\n");
        sb.append("  \"loads\": [");
        sb.append(results.loads().entrySet().stream().map(e -> {
            StringBuilder l = new StringBuilder("\n    {\"id\": ").append(str(e.getKey().id())).append(", \"title\": ")
                    .append(str(e.getKey().title())).append(", \"servers\": ").append(e.getKey().servers())
                    .append(", \"results\": {");
            l.append(e.getValue().entrySet().stream().map(r -> "\n      " + str(r.getKey()) + ": " + measurement(r.getValue()))
                    .collect(Collectors.joining(",")));
            l.append("}}");
            return l.toString();
        }).collect(Collectors.joining(",")));
        sb.append("\n  ],\n");
        sb.append("  \"memory\": {");
        sb.append(results.footprints().entrySet().stream().map(e -> "\n    " + str(e.getKey()) + ": {\"znodes\": "
                + e.getValue().znodes() + ", \"baselineBytes\": " + e.getValue().baselineBytes() + ", \"afterBytes\": "
                + e.getValue().afterBytes() + ", \"bytesPerZnode\": " + num(e.getValue().bytesPerZnode())
                + ", \"fill\": " + measurement(e.getValue().fill()) + "}").collect(Collectors.joining(",")));
        sb.append("\n  },\n");
        sb.append("  \"startup\": {");
        sb.append(results.startups().entrySet().stream().map(e -> "\n    " + str(e.getKey()) + ": {\"emptySeconds\": "
                + (e.getValue().empty() == null ? "null" : num(e.getValue().empty().toMillis() / 1000.0))
                + ", \"nodes\": " + e.getValue().nodes() + ", \"filledSeconds\": ["
                + e.getValue().filled().stream().map(d -> num(d.toMillis() / 1000.0)).collect(Collectors.joining(", "))
                + "]}").collect(Collectors.joining(",")));
        sb.append("\n  }\n}\n");
        return sb.toString();
    }

    private static String measurement(Measurement m) {
        return "{\"ops\": " + m.ops() + ", \"seconds\": " + num(m.seconds()) + ", \"opsPerSecond\": "
                + num(m.opsPerSecond()) + ", \"p50Micros\": " + m.percentileMicros(50) + ", \"p99Micros\": "
                + m.percentileMicros(99) + ", \"p999Micros\": " + m.percentileMicros(99.9) + ", \"maxMicros\": "
                + maxMicros(m)
                + ", \"errors\": {" + m.errors().entrySet().stream().map(e -> str(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + "}}";
    }

    private static long maxMicros(Measurement m) {
        return m.latencyMicros().getTotalCount() == 0 ? 0 : m.latencyMicros().getMaxValue();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
    }

    private static String rate(double opsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", opsPerSecond);
    }

    /** Microseconds as µs below a millisecond, else as ms. */
    static String latency(long micros) {
        if (micros < 1000) {
            return micros + " µs";
        }
        return String.format(Locale.ROOT, micros < 100_000 ? "%.2f ms" : "%.0f ms", micros / 1000.0);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String ratio(double b, double a) {
        return a > 0 ? String.format(Locale.ROOT, "×%.2f", b / a) : "–";
    }

    private static String errors(Measurement m) {
        if (m.errorCount() == 0) {
            return "0";
        }
        return m.errorCount() + " (" + m.errors().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }
}
