package io.paddock.server.config;

import io.paddock.api.storage.StorageOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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
                             long containerMaxNeverUsedIntervalMs, String superDigest, boolean enforceQuota,
                             SaslSettings sasl, Set<String> enforceAuthSchemes, int snapRetainCount,
                             Duration purgeInterval, InetSocketAddress secureClientAddress, TlsSettings tls,
                             QuorumSettings quorum) {

    /**
     * What the server knows of the quorum it is a member of: its sid and ZooKeeper's limits, in
     * ticks, for a learner to sync ({@code initLimit}) and to stay silent ({@code syncLimit}).
     */
    public record QuorumSettings(long myId, int initLimit, int syncLimit) {
    }

    /** True when the server is a member of a quorum ({@link #quorum()} is not null), false standalone. */
    public boolean inQuorum() {
        return quorum != null;
    }

    /** This server's sid in its quorum; only for a quorum member. */
    public long quorumId() {
        return quorum.myId();
    }

    /** ZooKeeper's least {@code autopurge.snapRetainCount}; a smaller value is raised to it. */
    public static final int MIN_SNAP_RETAIN_COUNT = 3;

    /** The words ZooKeeper knows; {@code *} in the whitelist means all of these. */
    public static final Set<String> ALL_WORDS = Set.of("ruok", "srvr", "stat", "mntr", "conf", "isro", "cons",
            "crst", "envi", "wchs", "wchc", "wchp", "dump", "dirs", "srst", "gtmk", "stmk", "hash");

    /** The schemes a connection can authenticate with here, for {@code zookeeper.enforce.auth.schemes}. */
    public static final Set<String> AUTH_SCHEMES = Set.of("digest", "ip", "sasl", "x509");

    public static ServerSettings from(ServerConfig c) {
        return from(c, Map.of());
    }

    /**
     * The settings of a configuration whose other keys are {@code properties}: its {@code server.N}
     * lines and {@code standaloneEnabled} decide whether the server is a quorum member, by
     * ZooKeeper's rule ({@code QuorumPeerConfig}: more than one participant, or standalone mode
     * disabled), and then its sid is read from {@code dataDir/myid}. The quorum bundle parses
     * those lines in full; the server only needs to know its mode and id.
     */
    public static ServerSettings from(ServerConfig c, Map<String, ?> properties) {
        ServerSettings s = fromTyped(c);
        if (!QuorumMode.distributed(properties)) {
            return s;
        }
        return s.toBuilder().quorum(new QuorumSettings(QuorumMode.readMyId(s.dataDir()),
                QuorumMode.ticks(properties, "initLimit"), QuorumMode.ticks(properties, "syncLimit"))).build();
    }

    private static ServerSettings fromTyped(ServerConfig c) {
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
        return builder(dataDir).dataLogDir(dataLogDir).tickTime(c.tickTime()).clientAddress(address)
                .maxClientCnxns(c.maxClientCnxns()).sessionTimeouts(min, max)
                .fourLetterWords(parseWhitelist(c.$4lw_commands_whitelist()))
                .extendedTypesEnabled(c.extendedTypesEnabled()).maxBuffer(c.jute_maxbuffer())
                .snapCount(c.snapCount()).preAllocBytes(c.preAllocSize() * 1024).transport(c.transport())
                .storage(c.storage())
                .containerReaper(c.znode_container_checkIntervalMs(), c.znode_container_maxPerMinute(),
                        c.znode_container_maxNeverUsedIntervalMs())
                .superDigest(superDigest(c)).enforceQuota(c.enforceQuota()).sasl(sasl(c))
                .enforceAuthSchemes(enforceAuthSchemes(c))
                .autopurge(c.autopurge_snapRetainCount(), Duration.ofHours(Math.max(0, c.autopurge_purgeInterval())))
                .secureClient(secureAddress(c), tls(c))
                .build();
    }

    /** Settings with ZooKeeper's defaults for a data directory, to change what differs. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Builds settings from ZooKeeper's defaults; for the configuration and for tests. */
    public static final class Builder {
        private final Path dataDir;
        private Path dataLogDir;
        private int tickTime = 2000;
        private InetSocketAddress clientAddress = new InetSocketAddress(2181);
        private int maxClientCnxns = 60;
        private int minSessionTimeout = -1;
        private int maxSessionTimeout = -1;
        private Set<String> fourLetterWords = Set.of("srvr");
        private boolean extendedTypesEnabled;
        private int maxBuffer = 0xfffff;
        private int snapCount = 100000;
        private long preAllocBytes = 64L * 1024 * 1024;
        private String transport = "nio";
        private String storage = "file";
        private int containerCheckIntervalMs = 60000;
        private int containerMaxPerMinute = 10000;
        private long containerMaxNeverUsedIntervalMs;
        private String superDigest;
        private boolean enforceQuota;
        private SaslSettings sasl = SaslSettings.NONE;
        private Set<String> enforceAuthSchemes = Set.of();
        private int snapRetainCount = MIN_SNAP_RETAIN_COUNT;
        private Duration purgeInterval = Duration.ZERO;
        private InetSocketAddress secureClientAddress;
        private TlsSettings tls;
        private QuorumSettings quorum;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder dataLogDir(Path v) {
            dataLogDir = v;
            return this;
        }

        public Builder tickTime(int v) {
            tickTime = v;
            return this;
        }

        public Builder clientAddress(InetSocketAddress v) {
            clientAddress = v;
            return this;
        }

        public Builder maxClientCnxns(int v) {
            maxClientCnxns = v;
            return this;
        }

        /** Bounds of the negotiated timeout; -1 for 2 and 20 ticks. */
        public Builder sessionTimeouts(int min, int max) {
            minSessionTimeout = min;
            maxSessionTimeout = max;
            return this;
        }

        public Builder fourLetterWords(Set<String> v) {
            fourLetterWords = v;
            return this;
        }

        public Builder extendedTypesEnabled(boolean v) {
            extendedTypesEnabled = v;
            return this;
        }

        public Builder maxBuffer(int v) {
            maxBuffer = v;
            return this;
        }

        public Builder snapCount(int v) {
            snapCount = v;
            return this;
        }

        public Builder preAllocBytes(long v) {
            preAllocBytes = v;
            return this;
        }

        public Builder transport(String v) {
            transport = v;
            return this;
        }

        public Builder storage(String v) {
            storage = v;
            return this;
        }

        public Builder containerReaper(int checkIntervalMs, int maxPerMinute, long maxNeverUsedIntervalMs) {
            containerCheckIntervalMs = checkIntervalMs;
            containerMaxPerMinute = maxPerMinute;
            containerMaxNeverUsedIntervalMs = maxNeverUsedIntervalMs;
            return this;
        }

        public Builder superDigest(String v) {
            superDigest = v;
            return this;
        }

        /** Refuse creates and setData that pass a hard quota, ZooKeeper's zookeeper.enforceQuota. */
        public Builder enforceQuota(boolean v) {
            enforceQuota = v;
            return this;
        }

        public Builder sasl(SaslSettings v) {
            sasl = v;
            return this;
        }

        /**
         * Close connections that send a request before authenticating with one of these
         * schemes ({@code zookeeper.enforce.auth.schemes}); empty for no enforcement.
         */
        public Builder enforceAuthSchemes(Set<String> v) {
            Set<String> unknown = new TreeSet<>(v);
            unknown.removeAll(AUTH_SCHEMES);
            if (!unknown.isEmpty()) {
                // ZooKeeper refuses to start on a scheme it has no provider for.
                throw new IllegalArgumentException("Authentication scheme " + unknown.iterator().next()
                        + " is not available.");
            }
            enforceAuthSchemes = Set.copyOf(v);
            return this;
        }

        /**
         * Purge every {@code interval} (zero for never) all but the newest {@code retain}
         * snapshots, at least {@value #MIN_SNAP_RETAIN_COUNT} as ZooKeeper insists, and the logs
         * only they needed.
         */
        public Builder autopurge(int retain, Duration interval) {
            snapRetainCount = Math.max(MIN_SNAP_RETAIN_COUNT, retain);
            purgeInterval = interval;
            return this;
        }

        /** A second client port speaking TLS; a null address for none. */
        public Builder secureClient(InetSocketAddress address, TlsSettings v) {
            if (address != null && v == null) {
                throw new IllegalArgumentException("secureClientPort needs ssl.keyStore.location");
            }
            secureClientAddress = address;
            tls = address == null ? null : v;
            return this;
        }

        public ServerSettings build() {
            return new ServerSettings(tickTime, dataDir, dataLogDir == null ? dataDir : dataLogDir, clientAddress,
                    maxClientCnxns, minSessionTimeout < 0 ? 2 * tickTime : minSessionTimeout,
                    maxSessionTimeout < 0 ? 20 * tickTime : maxSessionTimeout, fourLetterWords,
                    extendedTypesEnabled, maxBuffer, snapCount, preAllocBytes, transport, storage,
                    containerCheckIntervalMs, containerMaxPerMinute, containerMaxNeverUsedIntervalMs, superDigest,
                    enforceQuota, sasl, enforceAuthSchemes, snapRetainCount, purgeInterval, secureClientAddress, tls,
                    quorum);
        }

        /** Makes the server a quorum member; null for standalone. */
        public Builder quorum(QuorumSettings v) {
            quorum = v;
            return this;
        }
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

    /**
     * ZooKeeper reads these as system properties, from the JVM or from zoo.cfg (which drops the
     * {@code zookeeper.} prefix); here they are configuration keys, with the JVM's system
     * properties as the fallback ZooKeeper would have used.
     */
    private static SaslSettings sasl(ServerConfig c) {
        String jaas = firstSet(c.java_security_auth_login_config(), System.getProperty("java.security.auth.login.config"));
        return new SaslSettings(jaas == null ? null : Path.of(jaas).toAbsolutePath().normalize(),
                firstSet(c.sasl_serverconfig(), System.getProperty("zookeeper.sasl.serverconfig")),
                firstSet(c.superUser(), System.getProperty("zookeeper.superUser")),
                c.allowSaslFailedClients() || Boolean.getBoolean("zookeeper.allowSaslFailedClients"));
    }

    /**
     * As ZooKeeper's AuthenticationHelper: {@code sessionRequireClientSASLAuth} means sasl alone;
     * else {@code enforce.auth.enabled} with {@code enforce.auth.schemes}, which must name some.
     */
    private static Set<String> enforceAuthSchemes(ServerConfig c) {
        if (c.sessionRequireClientSASLAuth() || Boolean.getBoolean("zookeeper.sessionRequireClientSASLAuth")) {
            return Set.of("sasl");
        }
        if (!c.enforce_auth_enabled() && !Boolean.getBoolean("zookeeper.enforce.auth.enabled")) {
            return Set.of();
        }
        String list = firstSet(c.enforce_auth_schemes(), System.getProperty("zookeeper.enforce.auth.schemes"));
        Set<String> schemes = Arrays.stream(list == null ? new String[0] : list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException(
                    "zookeeper.enforce.auth.enabled is true zookeeper.enforce.auth.schemes must be configured.");
        }
        return schemes;
    }

    private static InetSocketAddress secureAddress(ServerConfig c) {
        if (c.secureClientPort() <= 0) {
            return null;
        }
        String host = c.secureClientPortAddress() == null ? "" : c.secureClientPortAddress().trim();
        return host.isEmpty() ? new InetSocketAddress(c.secureClientPort())
                : new InetSocketAddress(host, c.secureClientPort());
    }

    /** ZooKeeper's ssl.* keys, from the configuration or the zookeeper.ssl.* system properties. */
    private static TlsSettings tls(ServerConfig c) {
        String keyStore = firstSet(c.ssl_keyStore_location(), System.getProperty("zookeeper.ssl.keyStore.location"));
        if (keyStore == null) {
            return null;
        }
        String trustStore = firstSet(c.ssl_trustStore_location(), System.getProperty("zookeeper.ssl.trustStore.location"));
        String clientAuth = firstSet(c.ssl_clientAuth(), System.getProperty("zookeeper.ssl.clientAuth"));
        return new TlsSettings(Path.of(keyStore).toAbsolutePath(),
                firstSet(c.ssl_keyStore_password(), System.getProperty("zookeeper.ssl.keyStore.password")),
                firstSet(c.ssl_keyStore_type(), System.getProperty("zookeeper.ssl.keyStore.type")),
                trustStore == null ? null : Path.of(trustStore).toAbsolutePath(),
                firstSet(c.ssl_trustStore_password(), System.getProperty("zookeeper.ssl.trustStore.password")),
                firstSet(c.ssl_trustStore_type(), System.getProperty("zookeeper.ssl.trustStore.type")),
                clientAuth == null ? "need" : clientAuth.toLowerCase(Locale.ROOT),
                list(firstSet(c.ssl_enabledProtocols(), System.getProperty("zookeeper.ssl.enabledProtocols"))),
                list(firstSet(c.ssl_ciphersuites(), System.getProperty("zookeeper.ssl.ciphersuites"))),
                firstSet(c.X509AuthenticationProvider_superUser(),
                        System.getProperty("zookeeper.X509AuthenticationProvider.superUser")));
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String firstSet(String... candidates) {
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

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return builder(dataDir).dataLogDir(dataLogDir).tickTime(tickTime).clientAddress(clientAddress)
                .maxClientCnxns(maxClientCnxns).sessionTimeouts(minSessionTimeout, maxSessionTimeout)
                .fourLetterWords(fourLetterWords).extendedTypesEnabled(extendedTypesEnabled).maxBuffer(maxBuffer)
                .snapCount(snapCount).preAllocBytes(preAllocBytes).transport(transport).storage(storage)
                .containerReaper(containerCheckIntervalMs, containerMaxPerMinute, containerMaxNeverUsedIntervalMs)
                .superDigest(superDigest).enforceQuota(enforceQuota).sasl(sasl).enforceAuthSchemes(enforceAuthSchemes)
                .autopurge(snapRetainCount, purgeInterval).secureClient(secureClientAddress, tls).quorum(quorum);
    }

    /**
     * Where and how storage keeps the database; a log record may be as large as the largest
     * request plus its txn's overhead.
     */
    public StorageOptions storageOptions() {
        return new StorageOptions(dataDir, dataLogDir, maxBuffer + 0xfffff, preAllocBytes);
    }

    /** The negotiated timeout: the request clamped to [min, max] (protocol.md section 3). */
    public int negotiateTimeout(int requested) {
        return Math.max(minSessionTimeout, Math.min(maxSessionTimeout, requested));
    }
}
