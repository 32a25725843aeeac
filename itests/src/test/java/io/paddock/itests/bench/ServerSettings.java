package io.paddock.itests.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What both servers are given alike: the zoo.cfg settings that matter for the loads and the JVM
 * options (heap and collector). snapCount and preAllocSize are ZooKeeper's defaults, written out
 * so that both servers snapshot and pre-allocate their logs the same way.
 */
record ServerSettings(int tickTime, int snapCount, long preAllocSizeKb, List<String> jvmOptions) {
    static final String DEFAULT_JVM_OPTIONS = "-Xms1g -Xmx1g -XX:+UseG1GC";

    ServerSettings {
        jvmOptions = List.copyOf(jvmOptions);
    }

    static ServerSettings defaults(String jvmOptions) {
        return new ServerSettings(2000, 100_000, 65_536,
                Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    }
}
