package io.paddock.itests.ensemble;

import io.paddock.api.testkit.Loopback;
import io.paddock.itests.process.PaddockProcess;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An ensemble of {@code bin/paddock zoo.cfg} processes on loopback, as an operator runs one: each
 * member a {@link PaddockProcess} whose zoo.cfg lists every member's {@code server.N} line (client,
 * quorum and election ports picked free), with its sid in {@code dataDir/myid}; observers end their
 * line with {@code :observer} and say {@code peerType=observer}. Members keep their ports and data
 * across kills and starts. What a member is doing is read from {@code srvr}, as an operator would.
 *
 * <p>Timing is PaddockProcess's tickTime of 200 ms with initLimit 10 and syncLimit 5 ticks. Every
 * member's output is in {@code target/process-logs/<name>-<sid>.log}.
 */
final class Ensemble implements AutoCloseable {
    static final int INIT_LIMIT = 10;
    static final int SYNC_LIMIT = 5;
    /** Generous: on two busy cores a JVM start, an election and a sync take seconds. */
    static final Duration QUORUM_WAIT = Duration.ofSeconds(60);
    private static final Pattern MODE = Pattern.compile("^Mode: (\\w+)$", Pattern.MULTILINE);

    /** One server of the ensemble. */
    static final class Member {
        final int sid;
        final boolean observer;
        final int clientPort;
        final int quorumPort;
        final int electionPort;
        private PaddockProcess process;

        private Member(int sid, boolean observer) {
            this.sid = sid;
            this.observer = observer;
            this.clientPort = Loopback.freePort();
            this.quorumPort = Loopback.freePort();
            this.electionPort = Loopback.freePort();
        }

        String serverLine() {
            return "127.0.0.1:" + quorumPort + ":" + electionPort + (observer ? ":observer" : "");
        }

        PaddockProcess process() {
            return process;
        }

        String connectString() {
            return "127.0.0.1:" + clientPort;
        }

        boolean isRunning() {
            return process.isRunning();
        }

        /**
         * {@code leader}, {@code follower} or {@code observer} from {@code srvr}; empty while the
         * server is not serving (looking for a leader, syncing), down, or not answering.
         */
        Optional<String> mode() {
            if (!process.isRunning()) {
                return Optional.empty();
            }
            try {
                Matcher m = MODE.matcher(process.fourLetterWord("srvr"));
                return m.find() ? Optional.of(m.group(1)) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "server " + sid + (observer ? " (observer)" : "") + " on " + clientPort;
        }
    }

    private final String name;
    private final List<Member> members = new ArrayList<>();
    /** Kills the members if the test JVM is stopped (Ctrl-C on Maven) before {@link #close()} ran. */
    private final Thread reaper;

    /**
     * An ensemble of {@code voters} participants and {@code observers} observers in {@code dir}, not
     * started; {@code configure} may change each member's zoo.cfg entries (it gets the sid too).
     */
    Ensemble(Path dir, String name, int voters, int observers, ConfigHook configure) {
        this.name = name;
        for (int sid = 1; sid <= voters + observers; sid++) {
            members.add(new Member(sid, sid > voters));
        }
        Map<String, String> servers = new LinkedHashMap<>();
        for (Member m : members) {
            servers.put("server." + m.sid, m.serverLine());
        }
        for (Member m : members) {
            Path home = dir.resolve("server-" + m.sid);
            m.process = new PaddockProcess(home, name + "-" + m.sid, m.clientPort, cfg -> {
                cfg.put("initLimit", Integer.toString(INIT_LIMIT));
                cfg.put("syncLimit", Integer.toString(SYNC_LIMIT));
                cfg.putAll(servers);
                if (m.observer) {
                    cfg.put("peerType", "observer");
                }
                configure.configure(m.sid, cfg);
            });
            try {
                Files.createDirectories(m.process.dataDir());
                Files.writeString(m.process.dataDir().resolve("myid"), m.sid + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        reaper = new Thread(() -> members.stream().filter(Member::isRunning).forEach(m -> m.process.kill()),
                "ensemble-reaper-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    Ensemble(Path dir, String name, int voters, int observers) {
        this(dir, name, voters, observers, (sid, cfg) -> { });
    }

    /** Changes a member's zoo.cfg entries before it is written. */
    @FunctionalInterface
    interface ConfigHook {
        void configure(int sid, Map<String, String> cfg);
    }

    /** Creates the ensemble, starts every member (at once) and waits until they form a quorum. */
    static Ensemble started(Path dir, String name, int voters, int observers) {
        Ensemble e = new Ensemble(dir, name, voters, observers);
        try {
            e.startAll();
            e.awaitQuorum();
        } catch (RuntimeException | Error failure) {
            e.close();
            throw failure;
        }
        return e;
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    Member member(int sid) {
        return members.get(sid - 1);
    }

    List<Member> voters() {
        return members.stream().filter(m -> !m.observer).toList();
    }

    List<Member> running() {
        return members.stream().filter(Member::isRunning).toList();
    }

    /** Starts the members that are not running, in parallel; each answers ruok when this returns. */
    void startAll() {
        start(members.stream().filter(m -> !m.isRunning()).toArray(Member[]::new));
    }

    /** Starts the given members in parallel (their JVMs boot at the same time, as after a power cut). */
    void start(Member... toStart) {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> starting = new ArrayList<>();
        for (Member m : toStart) {
            Thread t = new Thread(() -> {
                try {
                    m.process.start();
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }, "ensemble-start-" + name + "-" + m.sid);
            t.start();
            starting.add(t);
        }
        for (Thread t : starting) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(120)); // start() gives up after 60 s by itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while starting members", e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("starting " + Arrays.toString(toStart) + " failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** SIGKILL; returns the exit status (137). */
    int kill(Member m) {
        return m.process.kill();
    }

    /**
     * Waits (bounded) until every running member serves in its role: exactly one leader among them,
     * the other voters following and the observers observing. Returns the leader.
     */
    Member awaitQuorum() {
        return awaitQuorum(QUORUM_WAIT);
    }

    Member awaitQuorum(Duration atMost) {
        Map<Member, Optional<String>> last = new LinkedHashMap<>();
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(50)).pollDelay(Duration.ZERO).until(() -> {
                last.clear();
                for (Member m : running()) {
                    last.put(m, m.mode());
                }
                return inQuorum(last);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no quorum of the running members within " + atMost.toSeconds() + " s; modes: "
                    + last + "\n" + logTails(), e);
        }
        return last.entrySet().stream().filter(e -> e.getValue().equals(Optional.of("leader")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static boolean inQuorum(Map<Member, Optional<String>> modes) {
        long leaders = modes.values().stream().filter(o -> o.equals(Optional.of("leader"))).count();
        if (leaders != 1) {
            return false;
        }
        for (Map.Entry<Member, Optional<String>> e : modes.entrySet()) {
            String mode = e.getValue().orElse("");
            boolean ok = e.getKey().observer ? mode.equals("observer")
                    : mode.equals("leader") || mode.equals("follower");
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The modes the running members report now (empty: not serving). */
    Map<Integer, Optional<String>> modes() {
        Map<Integer, Optional<String>> modes = new LinkedHashMap<>();
        for (Member m : members) {
            modes.put(m.sid, m.mode());
        }
        return modes;
    }

    /** The connect string of every member. */
    String connectString() {
        return connectString(members);
    }

    static String connectString(List<Member> of) {
        return of.stream().map(Member::connectString).collect(Collectors.joining(","));
    }

    /** A stock client over {@code connectString}; waits (bounded) for SyncConnected. */
    static ZooKeeper connect(String connectString, int sessionTimeout, Watcher also) throws IOException,
            InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, sessionTimeout, event -> {
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
            also.process(event);
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("no session with " + connectString + " within 30 s");
        }
        return zk;
    }

    /** A stock client of the member alone (session timeout 30 s). */
    static ZooKeeper connect(Member m) throws IOException, InterruptedException {
        return connect(m.connectString(), 30_000, e -> { });
    }

    /** The tail of every member's log, for failure messages. */
    String logTails() {
        return members.stream().map(m -> "--- " + m + ", data in " + m.process.dataDir() + ": " + m.process.logTail())
                .collect(Collectors.joining("\n"));
    }

    /** Stops every member that runs (SIGTERM, then SIGKILL), all at once. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook kills what is left
        }
        List<Thread> closing = new ArrayList<>();
        for (Member m : members) {
            if (m.process != null) {
                Thread t = new Thread(m.process::close, "ensemble-close-" + name + "-" + m.sid);
                t.start();
                closing.add(t);
            }
        }
        for (Thread t : closing) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(70));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
