package io.paddock.itests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a run measured, per load and per server, in the order the servers were named. */
final class Results {

    /** Heap a server needed for {@code znodes} more znodes, between two full GCs; and how the fill went. */
    record Footprint(long znodes, long baselineBytes, long afterBytes, Measurement fill) {
        double bytesPerZnode() {
            return (afterBytes - baselineBytes) / (double) znodes;
        }
    }

    /** Start-up times: on an empty data folder, and each restart on the filled one. */
    record Startup(Duration empty, List<Duration> filled, long nodes) {
        Startup {
            filled = List.copyOf(filled);
        }

        Duration meanFilled() {
            return filled.isEmpty() ? Duration.ZERO
                    : filled.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(filled.size());
        }
    }

    private final List<String> servers;
    private final Map<Load, Map<String, Measurement>> loads = new LinkedHashMap<>();
    private final Map<String, Footprint> footprints = new LinkedHashMap<>();
    private final Map<String, Duration> emptyStartups = new LinkedHashMap<>();
    private final Map<String, List<Duration>> filledStartups = new LinkedHashMap<>();
    private long startupNodes;

    Results(List<String> servers) {
        this.servers = List.copyOf(servers);
    }

    List<String> servers() {
        return servers;
    }

    /** Adds a round; rounds of the same load and server merge. */
    void add(Load load, String server, Measurement round) {
        loads.computeIfAbsent(load, l -> new LinkedHashMap<>()).merge(server, round, Measurement::plus);
    }

    Map<Load, Map<String, Measurement>> loads() {
        return loads;
    }

    void footprint(String server, Footprint f) {
        footprints.put(server, f);
    }

    Map<String, Footprint> footprints() {
        return footprints;
    }

    void emptyStartup(String server, Duration d) {
        emptyStartups.put(server, d);
    }

    void filledStartup(String server, Duration d, long nodes) {
        filledStartups.computeIfAbsent(server, s -> new ArrayList<>()).add(d);
        startupNodes = nodes;
    }

    Map<String, Startup> startups() {
        Map<String, Startup> m = new LinkedHashMap<>();
        for (String s : servers) {
            if (emptyStartups.containsKey(s) || filledStartups.containsKey(s)) {
                m.put(s, new Startup(emptyStartups.get(s), filledStartups.getOrDefault(s, List.of()), startupNodes));
            }
        }
        return m;
    }
}
