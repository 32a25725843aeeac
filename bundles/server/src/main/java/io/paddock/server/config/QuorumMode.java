package io.paddock.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a configuration makes the server a quorum member, and its sid: the two facts the server
 * needs of the quorum keys, which the quorum bundle parses in full (QUORUM-FACTS.md).
 */
final class QuorumMode {
    private static final Pattern SERVER_KEY = Pattern.compile("server\\.(\\d+)");

    private QuorumMode() {
    }

    /**
     * ZooKeeper's {@code isDistributed}: more than one participant among the {@code server.N}
     * lines (a line's role is {@code observer} when its address part ends so), or
     * {@code standaloneEnabled=false} with any.
     */
    static boolean distributed(Map<String, ?> properties) {
        long participants = 0;
        long members = 0;
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            if (SERVER_KEY.matcher(e.getKey()).matches()) {
                members++;
                String addresses = String.valueOf(e.getValue()).split(";", 2)[0].trim().toLowerCase();
                if (!addresses.endsWith(":observer")) {
                    participants++;
                }
            }
        }
        Object standalone = properties.get("standaloneEnabled");
        boolean standaloneEnabled = standalone == null || !"false".equalsIgnoreCase(String.valueOf(standalone).trim());
        return participants > 1 || (!standaloneEnabled && members > 0);
    }

    /** A limit in ticks ({@code initLimit}, {@code syncLimit}); 0 when absent (the quorum bundle refuses that). */
    static int ticks(Map<String, ?> properties, String key) {
        Object v = properties.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number of ticks, not '" + v + "'", e);
        }
    }

    /** The sid in {@code dataDir/myid}: its first line, a number, as ZooKeeper reads it. */
    static long readMyId(Path dataDir) {
        Path file = dataDir.resolve("myid");
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("");
            return Long.parseLong(first);
        } catch (IOException e) {
            throw new IllegalArgumentException("a quorum member needs its id in " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " must hold this server's id, a number, on its first line", e);
        }
    }
}
