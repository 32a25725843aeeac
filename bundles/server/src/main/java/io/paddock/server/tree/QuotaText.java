package io.paddock.server.tree;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of a {@code zookeeper_limits} or {@code zookeeper_stats} node, as ZooKeeper 3.9.3's
 * {@code StatsTrack} reads and writes it (protocol.md section 11): {@code key=long} pairs split on
 * {@code ,} or {@code ;}, a missing key reading as -1. Written back, count and bytes come first and
 * any other key follows after an extra {@code =}, sorted, each after a {@code ;}
 * ({@code count=4,bytes=5=;byteHardLimit=10;countHardLimit=10}), so that 3.4 parsers still read it.
 * Unknown keys survive a rewrite.
 */
public record QuotaText(Map<String, Long> values) {
    public static final String COUNT = "count";
    public static final String BYTES = "bytes";
    public static final String COUNT_HARD_LIMIT = "countHardLimit";
    public static final String BYTE_HARD_LIMIT = "byteHardLimit";

    public QuotaText {
        values = Map.copyOf(values);
    }

    /**
     * Parses node data. ZooKeeper throws on a malformed pair, from inside the apply of a txn;
     * here a pair without {@code =} or a number is skipped instead, so a client writing junk into
     * a quota node cannot stop the server.
     */
    public static QuotaText parse(byte[] data) {
        Map<String, Long> values = new TreeMap<>();
        if (data == null || data.length == 0) {
            return new QuotaText(values);
        }
        for (String pair : new String(data, StandardCharsets.UTF_8).split("[,;]+")) {
            String[] kv = pair.split("=");
            if (kv.length < 2) {
                continue;
            }
            try {
                values.put(kv[0], kv[1].isEmpty() ? -1L : Long.parseLong(kv[1]));
            } catch (NumberFormatException e) {
                // skipped, as documented above
            }
        }
        return new QuotaText(values);
    }

    public static QuotaText of(long count, long bytes) {
        return new QuotaText(Map.of(COUNT, count, BYTES, bytes));
    }

    public long get(String key) {
        return values.getOrDefault(key, -1L);
    }

    public long count() {
        return get(COUNT);
    }

    public long bytes() {
        return get(BYTES);
    }

    public long countHardLimit() {
        return get(COUNT_HARD_LIMIT);
    }

    public long byteHardLimit() {
        return get(BYTE_HARD_LIMIT);
    }

    /** This text with count and bytes moved by the given amounts (ZooKeeper's updateQuotaStat). */
    public QuotaText plus(long countDiff, long bytesDiff) {
        Map<String, Long> next = new TreeMap<>(values);
        next.put(COUNT, count() + countDiff);
        next.put(BYTES, bytes() + bytesDiff);
        return new QuotaText(next);
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(COUNT).append('=').append(count()).append(',').append(BYTES).append('=').append(bytes());
        Map<String, Long> rest = new TreeMap<>(values);
        rest.remove(COUNT);
        rest.remove(BYTES);
        if (!rest.isEmpty()) {
            b.append('=');
            rest.forEach((k, v) -> b.append(';').append(k).append('=').append(v));
        }
        return b.toString();
    }
}
