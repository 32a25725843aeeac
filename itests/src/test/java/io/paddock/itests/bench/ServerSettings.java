package io.paddock.itests.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What all servers are given alike: the zoo.cfg settings that matter for the loads and the JVM
 * options (heap and collector). snapCount and preAllocSize are ZooKeeper's defaults, written out
 * so that all servers snapshot and pre-allocate their logs the same way; initLimit and syncLimit
 * (in ticks) are the ones of ZooKeeper's sample zoo.cfg, given to the members of an ensemble.
 */
record ServerSettings(int tickTime, int initLimit, int syncLimit, int snapCount, long preAllocSizeKb,
                      List<String> jvmOptions) {
    static final String DEFAULT_JVM_OPTIONS = "-Xms1g -Xmx1g -XX:+UseG1GC";

    ServerSettings {
        jvmOptions = List.copyOf(jvmOptions);
    }

    static ServerSettings defaults(String jvmOptions) {
        return new ServerSettings(2000, 10, 5, 100_000, 65_536,
                Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    }
}
