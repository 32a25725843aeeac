package io.paddock.itests.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A server the side-by-side run can measure: its id (for {@code -Dbench.servers} and its
 * folder), its name in the report, how it is launched, the zoo.cfg keys it gets on top of
 * the shared {@link ServerSettings}, and whether it is also measured as a 3-server
 * {@link Ensemble}.
 */
record BenchServer(String id, String name, Launch launch, Map<String, String> config, boolean ensemble) {

    /** How a server's process is started; every server of one kind starts the same way. */
    enum Launch {
        /**
         * {@code ZooKeeperServerMain} ({@code QuorumPeerMain} in an ensemble) from the test class
         * path (Apache ZooKeeper 3.9.3 from Maven Central).
         */
        ZOOKEEPER("Apache ZooKeeper 3.9.3 (`ZooKeeperServerMain`, `QuorumPeerMain` in an ensemble, "
                + "from Maven Central)"),
        /** {@code bin/paddock} of the distribution. */
        PADDOCK("Paddock (`bin/paddock` of the distribution)");

        private final String description;

        Launch(String description) {
            this.description = description;
        }
    }

    /**
     * Every server the run knows, in report order: the first one selected is the others' baseline.
     * Only ZooKeeper and Paddock on file storage run as ensembles too: three more 1 GiB JVMs for
     * each kind are what two cores and the run's time afford, and file storage is Paddock's default.
     */
    static final List<BenchServer> ALL = List.of(
            new BenchServer("zookeeper", "ZooKeeper", Launch.ZOOKEEPER, Map.of(), true),
            // storage=file is Paddock's default; written out so that the report says which it measured.
            new BenchServer("paddock", "Paddock (file)", Launch.PADDOCK, Map.of("storage", "file"), true),
            new BenchServer("paddock-rocksdb", "Paddock (RocksDB)", Launch.PADDOCK, Map.of("storage", "rocksdb"),
                    false),
            new BenchServer("paddock-netty", "Paddock (Netty)", Launch.PADDOCK,
                    Map.of("storage", "file", "transport", "netty"), false));

    BenchServer {
        config = Map.copyOf(config);
    }

    /** The servers whose ids are in the comma list {@code ids}, in {@link #ALL}'s order; blank means all. */
    static List<BenchServer> select(String ids) {
        if (ids.isBlank()) {
            return ALL;
        }
        List<String> wanted = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<String> unknown = wanted.stream()
                .filter(id -> ALL.stream().noneMatch(s -> s.id().equals(id))).toList();
        if (!unknown.isEmpty() || wanted.isEmpty()) {
            throw new IllegalArgumentException("unknown servers " + unknown + " in bench.servers=" + ids
                    + "; known: " + ALL.stream().map(BenchServer::id).collect(Collectors.joining(",")));
        }
        return ALL.stream().filter(s -> wanted.contains(s.id())).toList();
    }

    /** For the report's setup line: what runs under this name, and its own zoo.cfg keys. */
    String describe() {
        String keys = config.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return name + ": " + launch.description + (keys.isEmpty() ? "" : " with zoo.cfg " + keys);
    }
}
