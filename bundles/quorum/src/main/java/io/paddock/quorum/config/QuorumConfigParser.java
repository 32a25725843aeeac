package io.paddock.quorum.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the quorum keys of a zoo.cfg the way ZooKeeper 3.9.3's {@code QuorumPeerConfig} does
 * ({@code parseProperties}, then {@code setupQuorumPeerConfig}: the server lines, {@code myid},
 * the client port, the peer type, the limits). The rules and where we differ are in
 * QUORUM-FACTS.md, "Configuration"; every refusal is a {@link QuorumConfigException} naming the
 * key. Keys that belong to other parts of the server are ignored here.
 */
public final class QuorumConfigParser {
    /** ZooKeeper's default tick ({@code ZooKeeperServer.DEFAULT_TICK_TIME}), in ms. */
    public static final int DEFAULT_TICK_TIME = 3000;
    /** The one election algorithm 3.9 has: fast leader election. */
    public static final int ELECTION_ALG = 3;

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");

    private QuorumConfigParser() {
    }

    /**
     * @param keys the zoo.cfg keys and values (keys and values are trimmed, as ZooKeeper does)
     * @param dataDir the data directory, which holds the {@code myid} file
     */
    public static PeerConfig parse(Map<String, String> keys, Path dataDir) {
        Map<String, String> cfg = new LinkedHashMap<>();
        keys.forEach((k, v) -> cfg.put(k.trim(), v.trim()));
        List<String> warnings = new ArrayList<>();

        if (cfg.containsKey("dynamicConfigFile")) {
            throw new QuorumConfigException("dynamicConfigFile: dynamic configuration files are not supported; "
                    + "put the server.N keys in the configuration itself");
        }
        if (bool(cfg, "reconfigEnabled", false)) {
            throw new QuorumConfigException("reconfigEnabled=true: reconfig is not supported");
        }
        for (String key : cfg.keySet()) {
            // ZooKeeper switches to hierarchical quorums on any key with these prefixes.
            if (key.startsWith("group") || key.startsWith("weight")) {
                throw hierarchicalUnsupported(key);
            }
        }
        int electionAlg = integer(cfg, "electionAlg", ELECTION_ALG);
        if (electionAlg != ELECTION_ALG) {
            throw new QuorumConfigException("electionAlg=" + electionAlg + ": only 3 (fast leader election) exists");
        }
        boolean standaloneEnabled = bool(cfg, "standaloneEnabled", true);
        boolean listenOnAllIps = bool(cfg, "quorumListenOnAllIPs", false);
        boolean multiAddressEnabled = bool(cfg, "multiAddress.enabled", false);
        int tickTime = integer(cfg, "tickTime", DEFAULT_TICK_TIME);
        if (tickTime <= 0) {
            throw new QuorumConfigException("tickTime=" + tickTime + ": must be a positive number of ms");
        }
        HostPort staticClient = staticClientAddress(cfg);
        PeerRole peerType = cfg.containsKey("peerType") ? PeerRole.parse(cfg.get("peerType"), "peerType")
                : PeerRole.PARTICIPANT;
        long version = cfg.containsKey("version") ? hexVersion("version", cfg.get("version")) : 0;

        TreeMap<Long, QuorumServer> members = new TreeMap<>();
        Map<Long, String> keyOf = new TreeMap<>();
        for (Map.Entry<String, String> e : cfg.entrySet()) {
            if (e.getKey().startsWith("server.")) {
                long sid = sidOf(e.getKey());
                String earlier = keyOf.put(sid, e.getKey());
                if (earlier != null) {
                    throw new QuorumConfigException(e.getKey() + ": sid " + sid + " is also given by " + earlier);
                }
                members.put(sid, QuorumServer.parse(sid, e.getKey(), e.getValue(), multiAddressEnabled));
            }
        }
        long participants = members.values().stream().filter(s -> s.role() == PeerRole.PARTICIPANT).count();
        long observers = members.size() - participants;
        boolean standalone;
        if (participants == 0) {
            if (!standaloneEnabled) {
                throw new QuorumConfigException("standaloneEnabled=false needs at least one participant server.N");
            }
            if (observers > 0) {
                throw new QuorumConfigException("server.N: observers without participants");
            }
            standalone = true;
        } else if (participants == 1 && standaloneEnabled) {
            if (observers > 0) {
                throw new QuorumConfigException("server.N: observers with a single participant and "
                        + "standaloneEnabled=true (set standaloneEnabled=false for a quorum of one)");
            }
            warnings.add("only one server.N is listed and standaloneEnabled is true: running standalone");
            standalone = true;
        } else {
            if (participants <= 2) {
                warnings.add("no server failure will be tolerated: " + participants + " participants; use at least 3");
            } else if (participants % 2 == 0) {
                warnings.add("an even number of participants (" + participants + ") tolerates no more failures "
                        + "than one fewer");
            }
            standalone = false;
        }

        // ZooKeeper reads myid whenever the file exists, standalone or not, and refuses a bad one.
        OptionalLong myId = readMyId(dataDir);
        HostPort client = staticClient;
        if (myId.isPresent() && members.containsKey(myId.getAsLong())) {
            QuorumServer own = members.get(myId.getAsLong());
            client = reconcileClient(own, staticClient);
            if (own.clientAddress() == null && staticClient != null) {
                members.put(own.sid(), own.withStaticClientAddress(staticClient));
            }
        }
        if (standalone) {
            return new PeerConfig.Standalone(client, warnings);
        }

        if (myId.isEmpty()) {
            throw new QuorumConfigException("myid: no myid file in " + dataDir
                    + "; a quorum peer needs one holding its server id");
        }
        long sid = myId.getAsLong();
        if (!members.containsKey(sid)) {
            throw new QuorumConfigException("myid: server id " + sid + " (from " + dataDir.resolve("myid")
                    + ") is not among the server.N keys " + members.keySet());
        }
        PeerRole listed = members.get(sid).role();
        if (cfg.containsKey("peerType") && listed != peerType) {
            warnings.add("peerType=" + peerType.configWord() + " but server." + sid + " is "
                    + listed.configWord() + "; using the server line");
        }
        int initLimit = limit(cfg, "initLimit");
        int syncLimit = limit(cfg, "syncLimit");
        return new PeerConfig.Quorum(new QuorumMembership(sid, members, version), client, tickTime, initLimit,
                syncLimit, listenOnAllIps, multiAddressEnabled, warnings);
    }

    /**
     * The server id in {@code dataDir/myid}, or empty when there is no such regular file.
     * ZooKeeper reads the first line and parses it as a number, so a trailing newline is fine but
     * blanks around the number are not; we also refuse a sign, which it would take.
     */
    public static OptionalLong readMyId(Path dataDir) {
        Path file = dataDir.resolve("myid");
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QuorumConfigException("myid: cannot read " + file + ": " + e.getMessage(), e);
        }
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        String line = text.substring(0, end);
        if (!DIGITS.matcher(line).matches()) {
            throw new QuorumConfigException("myid: the first line of " + file + " is '" + line
                    + "', not a server id (a decimal number, nothing else on the line)");
        }
        try {
            return OptionalLong.of(Long.parseLong(line));
        } catch (NumberFormatException e) {
            throw new QuorumConfigException("myid: server id " + line + " in " + file + " is too large", e);
        }
    }

    /** The sid of a {@code server.N} key; N must be a decimal number without a sign. */
    static long sidOf(String key) {
        String n = key.substring("server.".length());
        if (!DIGITS.matcher(n).matches()) {
            throw new QuorumConfigException(key + ": '" + n + "' after 'server.' is not a server id (a decimal number)");
        }
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw new QuorumConfigException(key + ": server id " + n + " is too large", e);
        }
    }

    static long hexVersion(String key, String value) {
        try {
            return Long.parseLong(value, 16);
        } catch (NumberFormatException e) {
            throw new QuorumConfigException(key + "=" + value + ": not a hexadecimal configuration version", e);
        }
    }

    static QuorumConfigException hierarchicalUnsupported(String key) {
        return new QuorumConfigException(key + ": hierarchical quorums (group.*, weight.*) are not supported; "
                + "only majority quorums are");
    }

    /**
     * The client address from {@code clientPort} and {@code clientPortAddress}; ZooKeeper binds
     * every interface when only the port is given.
     */
    private static HostPort staticClientAddress(Map<String, String> cfg) {
        String address = cfg.get("clientPortAddress");
        if (!cfg.containsKey("clientPort")) {
            if (address != null) {
                throw new QuorumConfigException("clientPortAddress is set but clientPort is not");
            }
            return null;
        }
        int port = integer(cfg, "clientPort", 0);
        if (port < 0 || port > 0xffff) {
            throw new QuorumConfigException("clientPort=" + port + ": not a port (0-65535)");
        }
        if (address == null) {
            return HostPort.wildcard(port);
        }
        String host = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        return new HostPort(Hosts.canonical(host, "clientPortAddress"), port);
    }

    /**
     * ZooKeeper's {@code setupClientPort}: a client address on this peer's server line wins, but
     * must agree with {@code clientPort}/{@code clientPortAddress} when those are set too (only
     * the port when the static address is the wildcard).
     */
    private static HostPort reconcileClient(QuorumServer own, HostPort staticClient) {
        HostPort listed = own.clientAddress();
        if (listed == null) {
            return staticClient;
        }
        if (staticClient != null) {
            boolean agree = staticClient.isWildcard() ? staticClient.port() == listed.port()
                    : sameAddress(staticClient, listed);
            if (!agree) {
                throw new QuorumConfigException("server." + own.sid() + ": client address " + listed
                        + " differs from clientPort/clientPortAddress " + staticClient);
            }
        }
        return listed;
    }

    private static boolean sameAddress(HostPort a, HostPort b) {
        // ZooKeeper compares resolved addresses; we do not resolve, so names compare as text.
        return a.port() == b.port() && a.host().equalsIgnoreCase(b.host());
    }

    private static int limit(Map<String, String> cfg, String key) {
        int value = integer(cfg, key, 0);
        if (value == 0) {
            throw new QuorumConfigException(key + " is not set; a quorum needs it (in ticks)");
        }
        if (value < 0) {
            throw new QuorumConfigException(key + "=" + value + ": must be a positive number of ticks");
        }
        return value;
    }

    private static int integer(Map<String, String> cfg, String key, int absent) {
        String value = cfg.get(key);
        if (value == null) {
            return absent;
        }
        if (!INT.matcher(value).matches()) {
            throw new QuorumConfigException(key + "=" + value + ": not a number");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new QuorumConfigException(key + "=" + value + ": out of range", e);
        }
    }

    /** ZooKeeper's {@code parseBoolean}: true or false in any case, nothing else. */
    private static boolean bool(Map<String, String> cfg, String key, boolean absent) {
        String value = cfg.get(key);
        if (value == null) {
            return absent;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new QuorumConfigException(key + "=" + value + ": choose true or false");
    }
}
