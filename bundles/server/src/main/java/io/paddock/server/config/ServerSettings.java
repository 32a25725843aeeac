package io.paddock.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configuration resolved to what the server uses: defaults applied, timeouts derived from
 * tickTime as ZooKeeper derives them, paths absolute.
 */
public record ServerSettings(int tickTime, Path dataDir, Path dataLogDir, InetSocketAddress clientAddress,
                             int maxClientCnxns, int minSessionTimeout, int maxSessionTimeout,
                             Set<String> fourLetterWords, boolean extendedTypesEnabled, int maxBuffer,
                             int snapCount, long preAllocBytes, String transport, String storage,
                             int containerCheckIntervalMs, int containerMaxPerMinute,
                             long containerMaxNeverUsedIntervalMs, String superDigest) {

    /** The words ZooKeeper knows; {@code *} in the whitelist means all of these. */
    public static final Set<String> ALL_WORDS = Set.of("ruok", "srvr", "stat", "mntr", "conf", "isro", "cons",
            "crst", "envi", "wchs", "wchc", "wchp", "dump", "dirs", "srst", "gtmk", "stmk", "hash");

    public static ServerSettings from(ServerConfig c) {
        if (c.tickTime() <= 0) {
            throw new IllegalArgumentException("tickTime must be positive: " + c.tickTime());
        }
        int min = c.minSessionTimeout() < 0 ? 2 * c.tickTime() : c.minSessionTimeout();
        int max = c.maxSessionTimeout() < 0 ? 20 * c.tickTime() : c.maxSessionTimeout();
        if (min > max) {
            throw new IllegalArgumentException("minSessionTimeout " + min + " is above maxSessionTimeout " + max);
        }
        if (c.znode_container_checkIntervalMs() <= 0) {
            throw new IllegalArgumentException("znode.container.checkIntervalMs must be positive: "
                    + c.znode_container_checkIntervalMs());
        }
        if (c.znode_container_maxPerMinute() <= 0) {
            throw new IllegalArgumentException("znode.container.maxPerMinute must be positive: "
                    + c.znode_container_maxPerMinute());
        }
        Path dataDir = Path.of(c.dataDir()).toAbsolutePath().normalize();
        Path dataLogDir = c.dataLogDir() == null || c.dataLogDir().isBlank() ? dataDir
                : Path.of(c.dataLogDir()).toAbsolutePath().normalize();
        String host = c.clientPortAddress() == null ? "" : c.clientPortAddress().trim();
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(c.clientPort())
                : new InetSocketAddress(host, c.clientPort());
        return new ServerSettings(c.tickTime(), dataDir, dataLogDir, address, c.maxClientCnxns(), min, max,
                parseWhitelist(c.$4lw_commands_whitelist()), c.extendedTypesEnabled(), c.jute_maxbuffer(),
                c.snapCount(), c.preAllocSize() * 1024, c.transport(), c.storage(),
                c.znode_container_checkIntervalMs(), c.znode_container_maxPerMinute(),
                c.znode_container_maxNeverUsedIntervalMs(), superDigest(c));
    }

    /**
     * The super user's digest id, {@code super:<base64>}, or null. ZooKeeper takes it from the
     * system property {@code zookeeper.DigestAuthenticationProvider.superDigest}, which a zoo.cfg
     * sets as {@code DigestAuthenticationProvider.superDigest}; both spellings work here.
     */
    private static String superDigest(ServerConfig c) {
        String[] candidates = {c.DigestAuthenticationProvider_superDigest(),
            c.zookeeper_DigestAuthenticationProvider_superDigest(),
            System.getProperty("zookeeper.DigestAuthenticationProvider.superDigest")};
        for (String s : candidates) {
            if (s != null && !s.isBlank()) {
                return s.trim();
            }
        }
        return null;
    }

    static Set<String> parseWhitelist(String list) {
        Set<String> words = Arrays.stream(list == null ? new String[0] : list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        if (words.contains("*")) {
            return ALL_WORDS;
        }
        words.retainAll(ALL_WORDS);
        words.add("srvr"); // always allowed (protocol.md section 15)
        return Set.copyOf(words);
    }

    /** The negotiated timeout: the request clamped to [min, max] (protocol.md section 3). */
    public int negotiateTimeout(int requested) {
        return Math.max(minSessionTimeout, Math.min(maxSessionTimeout, requested));
    }
}
