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
import java.util.stream.Collectors;

/**
 * An ensemble of real servers in one JVM: each member a {@link QuorumServer} (database, storage,
 * client port) and a {@link QuorumPeer} (election links, fast leader election, the roles), all
 * over the NIO transport on loopback, configured from zoo.cfg keys as an operator writes them.
 * Members stop and start again on the same ports and data.
 */
final class InProcessEnsemble implements AutoCloseable {
    private static final int TICK = 100;

    /** One server: its configuration, and while it runs, its server and peer. */
    final class Member {
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

        boolean running() {
            return server != null;
        }

        void start() throws IOException {
            Map<String, String> cfg = new LinkedHashMap<>(keys);
            cfg.put("dataDir", dataDir.toString());
            PeerConfig.Quorum config = (PeerConfig.Quorum) QuorumConfigParser.parse(cfg, dataDir);
            ServerSettings settings = ServerSettings.builder(dataDir).tickTime(TICK)
                    .clientAddress(new InetSocketAddress("127.0.0.1", clientPort)).sessionTimeouts(2 * TICK, 20_000)
                    .fourLetterWords(ServerSettings.ALL_WORDS).preAllocBytes(0).snapCount(snapCount).quorum(new ServerSettings.QuorumSettings(sid, 10, 5)).build();
            FileStorageBackend storage = new FileStorageBackend();
            server = QuorumServer.start(settings, transport, storage, name -> storage, new Extensions(), fatal::add);
            server.replica().showConfig(config.membership().configText(), config.membership().configVersion());
            links = new ElectionLinks(config.membership(), transport, ElectionLinks.Settings.defaults());
            ElectionRunner runner = new ElectionRunner(links,
                    outbox -> new FastLeaderElection(config.membership(), outbox, VoteOrder.majority()),
                    ElectionRunner.monotonicClock());
            links.start(runner::receive);
            runner.start();
            peer = new QuorumPeer(config.membership(), new QuorumTiming(TICK, config.initLimit(), config.syncLimit()),
                    runner, InProcessEnsemble::role, server.replica(), server.clients(), transport);
            peer.start();
        }

        /** Forgets everything this member had but its id, as a replaced disk would. */
        void wipe() throws IOException {
            try (var files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dataDir) && !p.getFileName().toString().equals("myid")) {
                        Files.delete(p);
                    }
                }
            }
        }

        void stop() {
            if (peer != null) {
                peer.close();
                links.close();
                server.close();
            }
            peer = null;
            links = null;
            server = null;
        }

        String connectString() {
            return "127.0.0.1:" + clientPort;
        }

        /** srvr's Mode line, or null while not serving. */
        String mode() {
            return running() && server.clients() instanceof ServerState s ? s.mode() : null;
        }
    }

    private final NioTransport transport = new NioTransport();
    private final Map<Long, Member> members = new TreeMap<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private int snapCount = 100_000;
    final List<String> fatal = new CopyOnWriteArrayList<>();

    /** {@code voters} participants and {@code observers} observers, sids 1, 2, ..., observers last. */
    InProcessEnsemble(Path dir, int voters, int observers) throws IOException {
        keys.put("tickTime", Integer.toString(TICK));
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

    /** Snapshots (and log rolls) every half to whole {@code n} txns, for tests of snapshot syncs. */
    InProcessEnsemble snapCount(int n) {
        snapCount = n;
        return this;
    }

    InProcessEnsemble startAll() {
        members.values().forEach(m -> {
            try {
                m.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return this;
    }

    Member member(long sid) {
        return members.get(sid);
    }

    List<Member> members() {
        return List.copyOf(members.values());
    }

    /** Waits until one running member leads and every other running one follows or observes it. */
    Member awaitLeader() {
        return await().atMost(Duration.ofSeconds(30)).until(this::settledLeader, Optional::isPresent).orElseThrow();
    }

    private Optional<Member> settledLeader() {
        List<Member> running = members.values().stream().filter(Member::running).toList();
        List<Member> leaders = running.stream().filter(m -> "leader".equals(m.mode())).toList();
        boolean othersServe = running.stream().allMatch(m -> m.mode() != null);
        return leaders.size() == 1 && othersServe ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    /** Every member's client port, for a client that may move between them. */
    String connectString() {
        return members.values().stream().map(Member::connectString).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        members.values().forEach(Member::stop);
    }
}
