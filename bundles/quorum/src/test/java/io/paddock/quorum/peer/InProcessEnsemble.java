package io.paddock.quorum.peer;

import static org.awaitility.Awaitility.await;

import io.paddock.api.election.PeerState;
import io.paddock.api.quorum.QuorumTiming;
import io.paddock.api.quorum.RoleFactory;
import io.paddock.api.testkit.Loopback;
import io.paddock.election.fle.FastLeaderElection;
import io.paddock.election.fle.VoteOrder;
import io.paddock.quorum.config.PeerConfig;
import io.paddock.quorum.config.QuorumConfigParser;
import io.paddock.quorum.election.ElectionLinks;
import io.paddock.quorum.election.ElectionRunner;
import io.paddock.quorum.role.Leader;
import io.paddock.quorum.role.Learner;
import io.paddock.server.cnxn.ServerState;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.processor.Extensions;
import io.paddock.server.replica.QuorumServer;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.transport.nio.NioTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * An ensemble of real servers in one JVM: each member a {@link QuorumServer} (database, storage,
 * client port) and a {@link QuorumPeer} (election links, fast leader election, the roles), all
 * over the NIO transport on loopback, configured from zoo.cfg keys as an operator writes them.
 * Members stop and start again on the same ports and data. Published in this module's test-jar:
 * the integration tests compare such an ensemble with a ZooKeeper one.
 */
public final class InProcessEnsemble implements AutoCloseable {
    private static final int TICK = 100;

    /** One server: its configuration, and while it runs, its server and peer. */
    public final class Member {
        final long sid;
        final Path dataDir;
        final int clientPort;
        QuorumServer server;
        QuorumPeer peer;
        ElectionLinks links;

        Member(long sid, Path dataDir, int clientPort) {
            this.sid = sid;
            this.dataDir = dataDir;
            this.clientPort = clientPort;
        }

        public long sid() {
            return sid;
        }

        public boolean running() {
            return server != null;
        }

        public void start() throws IOException {
            Map<String, String> cfg = new LinkedHashMap<>(keys);
            cfg.put("dataDir", dataDir.toString());
            PeerConfig.Quorum config = (PeerConfig.Quorum) QuorumConfigParser.parse(cfg, dataDir);
            ServerSettings settings = moreSettings.apply(ServerSettings.builder(dataDir).tickTime(tick)
                    .clientAddress(new InetSocketAddress("127.0.0.1", clientPort)).sessionTimeouts(2 * tick, 20_000)
                    .fourLetterWords(ServerSettings.ALL_WORDS).preAllocBytes(0))
                    .quorum(new ServerSettings.QuorumSettings(sid, 10, 5)).build();
            FileStorageBackend storage = new FileStorageBackend();
            server = QuorumServer.start(settings, transport, storage, name -> storage, new Extensions(), fatal::add);
            server.replica().showConfig(config.membership().configText(), config.membership().configVersion());
            links = new ElectionLinks(config.membership(), transport, ElectionLinks.Settings.defaults());
            ElectionRunner runner = new ElectionRunner(links,
                    outbox -> new FastLeaderElection(config.membership(), outbox, VoteOrder.majority()),
                    ElectionRunner.monotonicClock());
            links.start(runner::receive);
            runner.start();
            peer = new QuorumPeer(config.membership(), new QuorumTiming(tick, config.initLimit(), config.syncLimit()),
                    runner, InProcessEnsemble::role, server.replica(), server.clients(), transport);
            peer.start();
        }

        /** Forgets everything this member had but its id, as a replaced disk would. */
        public void wipe() throws IOException {
            try (var files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dataDir) && !p.getFileName().toString().equals("myid")) {
                        Files.delete(p);
                    }
                }
            }
        }

        public void stop() {
            if (peer != null) {
                peer.close();
                links.close();
                server.close();
            }
            peer = null;
            links = null;
            server = null;
        }

        public String connectString() {
            return "127.0.0.1:" + clientPort;
        }

        /** The zxid of the last txn its database applied; -1 while it is stopped. */
        public long lastProcessedZxid() {
            return running() ? server.database().lastProcessedZxid() : -1;
        }

        /** srvr's Mode line, or null while not serving. */
        public String mode() {
            return running() && server.clients() instanceof ServerState s ? s.mode() : null;
        }
    }

    private final NioTransport transport = new NioTransport();
    private final Map<Long, Member> members = new TreeMap<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final int tick;
    private final UnaryOperator<ServerSettings.Builder> moreSettings;
    private final List<String> fatal = new CopyOnWriteArrayList<>();

    /**
     * {@code voters} participants and {@code observers} observers, sids 1, 2, ..., observers last,
     * on a short tick, so that sessions and elections time out quickly.
     */
    public InProcessEnsemble(Path dir, int voters, int observers) throws IOException {
        this(dir, voters, observers, TICK, UnaryOperator.identity());
    }

    /**
     * As {@link #InProcessEnsemble(Path, int, int)}, on {@code tickTime} (zoo.cfg's tickTime, so also
     * the unit of initLimit and syncLimit), with each member's server settings changed by
     * {@code moreSettings} (which cannot change its sid).
     */
    public InProcessEnsemble(Path dir, int voters, int observers, int tickTime,
                             UnaryOperator<ServerSettings.Builder> moreSettings) throws IOException {
        this.tick = tickTime;
        this.moreSettings = moreSettings;
        keys.put("tickTime", Integer.toString(tickTime));
        keys.put("initLimit", "10");
        keys.put("syncLimit", "5");
        for (long sid = 1; sid <= voters + observers; sid++) {
            Path dataDir = dir.resolve("s" + sid);
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("myid"), sid + "\n");
            keys.put("server." + sid, "127.0.0.1:" + Loopback.freePort() + ":" + Loopback.freePort()
                    + (sid > voters ? ":observer" : ""));
            members.put(sid, new Member(sid, dataDir, Loopback.freePort()));
        }
    }

    private static RoleFactory role(PeerState state) {
        return switch (state) {
            case LEADING -> Leader::start;
            case FOLLOWING -> context -> Learner.start(context, false);
            case OBSERVING -> context -> Learner.start(context, true);
            case LOOKING -> null;
        };
    }

    public InProcessEnsemble startAll() {
        members.values().forEach(m -> {
            try {
                m.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return this;
    }

    public Member member(long sid) {
        return members.get(sid);
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    /** The zoo.cfg keys every member shares: tickTime, initLimit, syncLimit and the server.N lines. */
    public Map<String, String> config() {
        return Map.copyOf(keys);
    }

    /** What the members' servers reported as fatal (each stops itself then); empty while all is well. */
    public List<String> fatalMessages() {
        return List.copyOf(fatal);
    }

    /** Waits until one running member leads and every other running one follows or observes it. */
    public Member awaitLeader() {
        return await().atMost(Duration.ofSeconds(30)).until(this::settledLeader, Optional::isPresent).orElseThrow();
    }

    private Optional<Member> settledLeader() {
        List<Member> running = members.values().stream().filter(Member::running).toList();
        List<Member> leaders = running.stream().filter(m -> "leader".equals(m.mode())).toList();
        boolean othersServe = running.stream().allMatch(m -> m.mode() != null);
        return leaders.size() == 1 && othersServe ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    /** Every member's client port, for a client that may move between them. */
    public String connectString() {
        return members.values().stream().map(Member::connectString).collect(Collectors.joining(","));
    }

    /** Stops every member, then the transport's threads, which members share and restart on. */
    @Override
    public void close() {
        try {
            members.values().forEach(Member::stop);
        } finally {
            transport.close();
        }
    }
}
