package io.paddock.itests.bench;

import io.paddock.api.testkit.Loopback;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@value #SIZE} servers of one {@link BenchServer} kind run as an ensemble, each member a child
 * process ({@link ServerUnderTest}) in its own folder {@code <dir>/member-<sid>}, with the same
 * JVM options and zoo.cfg settings as a standalone server plus what makes the ensemble:
 * {@code server.<sid>=127.0.0.1:<quorumPort>:<electionPort>} for every member, {@code initLimit},
 * {@code syncLimit} and the sid in {@code dataDir/myid}. Every port (client, quorum, election of
 * each member) is a loopback port picked free and distinct from the others.
 */
final class Ensemble implements AutoCloseable {
    static final int SIZE = 3;
    // After every member serves, how long the leader may take to show in srvr.
    private static final Duration ROLES = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 100;

    private final String name;
    private final List<ServerUnderTest> members;

    private Ensemble(String name, List<ServerUnderTest> members) {
        this.name = name;
        this.members = List.copyOf(members);
    }

    /**
     * The members of an ensemble of {@code kind} in {@code dir} (each member's folder wiped
     * first), not yet started.
     *
     * @param zooKeeperClassPath where ZooKeeper's classes are, for a ZooKeeper ensemble
     * @param paddockHome the distribution, for a Paddock ensemble
     */
    static Ensemble prepare(BenchServer kind, Path dir, ServerSettings settings, String zooKeeperClassPath,
                            Path paddockHome) {
        List<Integer> ports = distinctFreePorts(3 * SIZE);
        Map<String, String> config = new LinkedHashMap<>(kind.config());
        config.put("initLimit", Integer.toString(settings.initLimit()));
        config.put("syncLimit", Integer.toString(settings.syncLimit()));
        for (int sid = 1; sid <= SIZE; sid++) {
            config.put("server." + sid, "127.0.0.1:" + ports.get(SIZE + sid - 1) + ":" + ports.get(2 * SIZE + sid - 1));
        }
        List<ServerUnderTest> members = new ArrayList<>();
        for (int sid = 1; sid <= SIZE; sid++) {
            String member = kind.name() + " #" + sid;
            Path memberDir = dir.resolve("member-" + sid);
            int clientPort = ports.get(sid - 1);
            members.add(switch (kind.launch()) {
                case ZOOKEEPER -> ServerUnderTest.zookeeperPeer(member, memberDir, clientPort, sid, settings, config,
                        zooKeeperClassPath);
                case PADDOCK -> ServerUnderTest.paddockPeer(member, memberDir, clientPort, sid, settings, config,
                        paddockHome);
            });
        }
        return new Ensemble(kind.name(), members);
    }

    private static List<Integer> distinctFreePorts(int n) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (int attempt = 0; ports.size() < n && attempt < PORT_ATTEMPTS; attempt++) {
            ports.add(Loopback.freePort());
        }
        if (ports.size() < n) {
            throw new IllegalStateException("only " + ports.size() + " distinct free loopback ports in "
                    + PORT_ATTEMPTS + " attempts; " + n + " needed");
        }
        return List.copyOf(ports);
    }

    /** The name of its kind ({@link BenchServer#name()}), which its rows of the report are under. */
    String name() {
        return name;
    }

    /** The members' connect strings, in sid order; one session connects to one of them. */
    List<String> connectStrings() {
        return members.stream().map(ServerUnderTest::connectString).toList();
    }

    List<ServerUnderTest> members() {
        return members;
    }

    /**
     * Launches every member, then waits (bounded) until each serves and {@code srvr} shows one
     * leader and followers for the rest.
     *
     * @return the time from launching the first member to that
     */
    Duration start() {
        long t0 = System.nanoTime();
        for (ServerUnderTest m : members) {
            m.launch();
        }
        for (ServerUnderTest m : members) {
            m.awaitServing(0);
        }
        try {
            await().atMost(ROLES).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(this::hasLeaderAndFollowers);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " ensemble serves but srvr shows no single leader within "
                    + ROLES.toSeconds() + " s: " + state() + "; see " + logs(), e);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private boolean hasLeaderAndFollowers() {
        List<String> modes = members.stream().map(ServerUnderTest::mode).toList();
        return modes.stream().filter("leader"::equals).count() == 1
                && modes.stream().filter("follower"::equals).count() == SIZE - 1;
    }

    /**
     * Each member's state as {@code srvr} reports it now: mode, last zxid, requests in flight
     * ({@code "#1 follower, zxid 0x100000042, 0 outstanding; #2 leader, ..."}).
     */
    String state() {
        List<String> states = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            states.add("#" + (i + 1) + " " + members.get(i).replicaState());
        }
        return String.join("; ", states);
    }

    /** The members' process logs. */
    String logs() {
        return members.stream().map(m -> m.log().toString()).collect(Collectors.joining(", "));
    }

    /** Stops every member, whatever state it is in. */
    @Override
    public void close() {
        for (ServerUnderTest m : members) {
            m.close();
        }
    }
}
