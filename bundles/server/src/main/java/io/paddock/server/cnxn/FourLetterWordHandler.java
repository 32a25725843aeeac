package io.paddock.server.cnxn;

import io.paddock.api.quorum.LeaderStatus;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.api.transport.Connection;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.db.Database;
import io.paddock.server.processor.RequestStats;
import io.paddock.server.tree.DataTree;
import io.paddock.server.watch.Watcher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ZooKeeper's four-letter words on the client port (protocol.md section 15): a known word
 * that is whitelisted runs and its text is written; a known word that is not gets ZooKeeper's
 * refusal; either way the connection then closes. Unknown words are left to framing.
 *
 * <p>{@code stmk} is the one word with an argument: when whitelisted, the 8 bytes after it are
 * the new trace mask, a big-endian long, echoed in decimal. A refused {@code stmk} is answered
 * at once without reading them, as ZooKeeper does.
 */
public final class FourLetterWordHandler {
    /** The version string our srvr shows: ZooKeeper's protocol level, then ours. */
    public static final String VERSION = "3.9.3-paddock-0.1.0, built on 2026-11-23 00:00 UTC";
    /** ZooTrace's default mask: client requests, server packets, sessions and warnings. */
    static final long DEFAULT_TRACE_MASK = 306;
    static final int STMK = code("stmk");

    /** ZooKeeper's answer while its server is not running (protocol.md section 15). */
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";
    /** The words that read the running server's state, and so get {@link #NOT_SERVING} without one. */
    private static final Set<String> NEEDS_SERVING = Set.of("srvr", "stat", "cons", "mntr", "wchs", "wchc", "wchp",
            "dump", "hash", "crst", "srst");

    private final ServerSettings settings;
    private final Database db;
    private final ServerState state;
    /**
     * What stmk sets and gtmk shows. ZooKeeper's mask (a JVM-wide static there, one per server
     * here) only filters its TRACE-level request, packet and session logging; Paddock has no such
     * logging, so the mask is kept for compatibility and changes nothing else.
     */
    private final AtomicLong traceMask = new AtomicLong(DEFAULT_TRACE_MASK);

    public FourLetterWordHandler(ServerSettings settings, Database db, ServerState state) {
        this.settings = settings;
        this.db = db;
        this.state = state;
    }

    static int code(String word) {
        byte[] b = word.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    static String word(int code) {
        byte[] b = {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The bytes a word needs after it: the mask of a whitelisted stmk, else none. */
    int argumentLength(int firstWord) {
        return firstWord == STMK && settings.fourLetterWords().contains("stmk") ? Long.BYTES : 0;
    }

    /**
     * Runs a word; {@code argument} holds the bytes {@link #argumentLength} asked for. It is
     * short only on a transport that cannot deliver them (transport SPI 1.0): stmk is then
     * closed without a reply, as ZooKeeper closes when it cannot read the mask.
     */
    boolean handle(ClientPort port, Connection connection, int firstWord, ByteBuffer argument) {
        String word = word(firstWord);
        if (!ServerSettings.ALL_WORDS.contains(word)) {
            return false;
        }
        String text;
        if (!settings.fourLetterWords().contains(word)) {
            text = word + " is not executed because it is not in the whitelist.\n";
        } else if (firstWord == STMK) {
            if (argument.remaining() < Long.BYTES) {
                connection.abort();
                return true;
            }
            long mask = argument.getLong(argument.position());
            traceMask.set(mask);
            text = Long.toString(mask);
        } else {
            text = run(port, connection, word);
        }
        connection.sendRaw(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        connection.close();
        return true;
    }

    String run(ClientPort port, Connection connection, String word) {
        if (state.mode() == null && NEEDS_SERVING.contains(word)) {
            return NOT_SERVING;
        }
        return switch (word) {
            case "ruok" -> "imok";
            case "srvr" -> serverStats(port, false);
            case "stat" -> serverStats(port, true);
            case "cons" -> String.join("\n", port.describeConnections(true)) + "\n\n";
            case "mntr" -> monitor(port);
            case "conf" -> configuration(connection.localAddress().getPort());
            case "isro" -> state.mode() == null ? "null" : state.readOnly() ? "ro" : "rw";
            case "envi" -> environment();
            case "wchs" -> watchSummary();
            case "wchc" -> watchesByConnection();
            case "wchp" -> watchesByPath();
            case "dump" -> dump();
            case "dirs" -> "datadir_size: " + DirectorySize.of(settings.dataDir()) + "\nlogdir_size: "
                    + DirectorySize.of(settings.dataLogDir()) + "\n";
            case "crst" -> {
                port.resetCounters();
                yield "Connection stats reset.\n";
            }
            case "srst" -> {
                state.stats().reset();
                yield "Server stats reset.\n";
            }
            case "gtmk" -> Long.toString(traceMask.get());
            case "hash" -> digestLog();
            default -> word + " is not supported by this server.\n";
        };
    }

    /** ZooKeeper's DigestCommand: one {@code <zxid hex>: <digest>} line per logged digest. */
    private String digestLog() {
        StringBuilder sb = new StringBuilder();
        for (ZxidDigest d : db.tree().digestLog().entries()) {
            sb.append(Long.toHexString(d.zxid())).append(": ").append(d.digest()).append('\n');
        }
        return sb.toString();
    }

    private String serverStats(ClientPort port, boolean withClients) {
        RequestStats s = state.stats();
        StringBuilder sb = new StringBuilder();
        sb.append("Zookeeper version: ").append(VERSION).append('\n');
        if (withClients) {
            sb.append("Clients:\n");
            port.describeConnections(false).forEach(l -> sb.append(l).append('\n'));
            sb.append('\n');
        }
        sb.append("Latency min/avg/max: ").append(s.minLatency()).append('/')
                .append(String.format("%.4f", s.avgLatency())).append('/').append(s.maxLatency()).append('\n');
        sb.append("Received: ").append(port.packetsReceived()).append('\n');
        sb.append("Sent: ").append(port.packetsSent()).append('\n');
        sb.append("Connections: ").append(port.connectionCount()).append('\n');
        sb.append("Outstanding: ").append(s.outstanding()).append('\n');
        sb.append("Zxid: 0x").append(Long.toHexString(db.lastProcessedZxid())).append('\n');
        sb.append("Mode: ").append(state.mode()).append('\n');
        sb.append("Node count: ").append(db.tree().nodeCount()).append('\n');
        LeaderStatus leader = state.leader();
        if (leader != null) {
            sb.append("Proposal sizes last/min/max: ").append(leader.lastProposalSize()).append('/')
                    .append(leader.minProposalSize()).append('/').append(leader.maxProposalSize()).append('\n');
        }
        return sb.toString();
    }

    private String monitor(ClientPort port) {
        RequestStats s = state.stats();
        DataTree t = db.tree();
        StringBuilder sb = new StringBuilder();
        line(sb, "version", VERSION);
        line(sb, "server_state", state.mode());
        line(sb, "avg_latency", String.format("%.4f", s.avgLatency()));
        line(sb, "max_latency", s.maxLatency());
        line(sb, "min_latency", s.minLatency());
        line(sb, "packets_received", port.packetsReceived());
        line(sb, "packets_sent", port.packetsSent());
        line(sb, "num_alive_connections", port.connectionCount());
        line(sb, "outstanding_requests", s.outstanding());
        line(sb, "znode_count", t.nodeCount());
        line(sb, "watch_count", t.dataWatches().watchCount() + t.childWatches().watchCount());
        line(sb, "ephemerals_count", t.ephemeralCount());
        line(sb, "approximate_data_size", t.approximateDataSize());
        line(sb, "global_sessions", db.sessions().size());
        line(sb, "local_sessions", 0);
        long openFds = OpenFiles.count();
        if (openFds >= 0) {
            line(sb, "open_file_descriptor_count", openFds);
            line(sb, "max_file_descriptor_count", OpenFiles.limit());
        }
        LeaderStatus leader = state.leader();
        if (leader != null) {
            // ZooKeeper 3.6+'s leader metrics (protocol.md section 15).
            line(sb, "learners", leader.learners());
            line(sb, "synced_followers", leader.syncedFollowers());
            line(sb, "synced_non_voting_followers", 0);
            line(sb, "synced_observers", leader.syncedObservers());
            line(sb, "pending_syncs", state.pendingSyncs());
            line(sb, "leader_uptime", leader.uptimeMillis());
            line(sb, "quorum_size", MembershipText.of(state.membership()).voters());
            line(sb, "last_proposal_size", leader.lastProposalSize());
            line(sb, "max_proposal_size", leader.maxProposalSize());
            line(sb, "min_proposal_size", leader.minProposalSize());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append("zk_").append(key).append('\t').append(value).append('\n');
    }

    private String configuration(int boundPort) {
        return "clientPort=" + boundPort + "\n"
                + "secureClientPort=-1\n"
                + "dataDir=" + settings.dataDir().resolve("version-2") + "\n"
                + "dataDirSize=" + DirectorySize.of(settings.dataDir()) + "\n"
                + "dataLogDir=" + settings.dataLogDir().resolve("version-2") + "\n"
                + "dataLogSize=" + DirectorySize.of(settings.dataLogDir()) + "\n"
                + "tickTime=" + settings.tickTime() + "\n"
                + "maxClientCnxns=" + settings.maxClientCnxns() + "\n"
                + "minSessionTimeout=" + settings.minSessionTimeout() + "\n"
                + "maxSessionTimeout=" + settings.maxSessionTimeout() + "\n"
                + "clientPortListenBacklog=-1\n"
                + "serverId=" + (settings.inQuorum() ? settings.quorumId() : 0) + "\n"
                + (settings.inQuorum() ? quorumConfiguration() : "");
    }

    /** What a quorum member adds to conf, as ZooKeeper's QuorumZooKeeperServer.dumpConf. */
    private String quorumConfiguration() {
        String text = state.membership();
        MembershipText.Member own = MembershipText.of(text).member(settings.quorumId());
        return "initLimit=" + settings.quorum().initLimit() + "\n"
                + "syncLimit=" + settings.quorum().syncLimit() + "\n"
                + "electionAlg=3\n"
                + "electionPort=" + (own == null ? -1 : own.electionPort()) + "\n"
                + "quorumPort=" + (own == null ? -1 : own.quorumPort()) + "\n"
                + "peerType=" + (own != null && own.observer() ? 1 : 0) + "\n"
                + "membership: \n"
                + (text == null ? "" : text);
    }

    private static String environment() {
        StringBuilder sb = new StringBuilder("Environment:\n");
        sb.append("zookeeper.version=").append(VERSION).append('\n');
        for (String key : List.of("java.version", "java.vendor", "java.home", "java.class.path", "java.io.tmpdir",
                "os.name", "os.arch", "os.version", "user.name", "user.home", "user.dir")) {
            sb.append(key).append('=').append(System.getProperty(key, "<NA>")).append('\n');
        }
        return sb.toString();
    }

    private String watchSummary() {
        var w = db.tree().dataWatches();
        return w.watcherCount() + " connections watching " + w.pathCount() + " paths\nTotal watches:"
                + w.watchCount() + "\n";
    }

    private String watchesByConnection() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Watcher, List<String>> e : db.tree().dataWatches().pathsByWatcher().entrySet()) {
            sb.append("0x").append(Long.toHexString(sessionOf(e.getKey()))).append('\n');
            e.getValue().forEach(p -> sb.append('\t').append(p).append('\n'));
        }
        return sb.append('\n').toString(); // ZooKeeper ends the listing with a blank line
    }

    private String watchesByPath() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Watcher>> e : db.tree().dataWatches().watchersByPath().entrySet()) {
            sb.append(e.getKey()).append('\n');
            e.getValue().forEach(w -> sb.append("\t0x").append(Long.toHexString(sessionOf(w))).append('\n'));
        }
        return sb.append('\n').toString(); // ZooKeeper ends the listing with a blank line
    }

    private static long sessionOf(Watcher w) {
        return w instanceof ServerConnection c ? c.sessionId() : 0;
    }

    private String dump() {
        StringBuilder sb = new StringBuilder("SessionTracker dump:\n");
        db.sessions().byDeadline().forEach((deadline, ids) -> {
            sb.append(deadline).append("(").append(ids.size()).append("):\n");
            ids.forEach(id -> sb.append("\t0x").append(Long.toHexString(id)).append('\n'));
        });
        sb.append("ephemeral nodes dump:\nSessions with Ephemerals (")
                .append(db.tree().ephemeralsBySession().size()).append("):\n");
        db.tree().ephemeralsBySession().forEach((id, paths) -> {
            sb.append("0x").append(Long.toHexString(id)).append(":\n");
            paths.forEach(p -> sb.append('\t').append(p).append('\n'));
        });
        return sb.toString();
    }
}
