package io.paddock.itests.ensemble;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.itests.ensemble.Ensemble.Member;
import io.paddock.itests.process.EventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three {@code bin/paddock} processes as one ensemble, driven by the stock ZooKeeper client and
 * Curator, with leaders and followers SIGKILLed under load. Every test starts from all three
 * members serving, whatever the test before it killed.
 */
class EnsembleTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its data dirs for the diagnosis
    static Path dir;
    static Ensemble ensemble;

    @BeforeAll
    static void start() {
        ensemble = Ensemble.started(dir, "EnsembleTest", 3, 0);
    }

    @AfterAll
    static void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @BeforeEach
    void allMembersServe() {
        ensemble.startAll();
        ensemble.awaitQuorum();
    }

    @Test
    void threeServersElectOneLeaderAndEachServerSeesTheOthersWritesSessionsAndEphemerals() throws Exception {
        Map<Integer, Optional<String>> modes = ensemble.modes();
        assertThat(modes.values()).as("modes by sid: %s", modes)
                .containsExactlyInAnyOrder(Optional.of("leader"), Optional.of("follower"), Optional.of("follower"));

        List<ZooKeeper> clients = new ArrayList<>();
        try {
            for (Member m : ensemble.members()) {
                clients.add(Ensemble.connect(m));
            }
            clients.get(0).create("/basic", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (Member m : ensemble.members()) {
                ZooKeeper zk = clients.get(m.sid - 1);
                assertThat(zk.getSessionId() >>> 56).as("top byte of a session id made by server %d", m.sid)
                        .isEqualTo(m.sid);
                zk.create("/basic/from-" + m.sid, ("by " + m.sid).getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                zk.create("/basic/eph-" + m.sid, null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            }
            clients.get(2).setData("/basic/from-1", "changed on 3".getBytes(UTF_8), 0);

            for (Member reader : ensemble.members()) {
                ZooKeeper zk = clients.get(reader.sid - 1);
                zk.sync("/basic");
                assertThat(zk.getChildren("/basic", false)).as("children of /basic on server %d", reader.sid)
                        .containsExactlyInAnyOrder("from-1", "from-2", "from-3", "eph-1", "eph-2", "eph-3");
                Stat stat = new Stat();
                assertThat(new String(zk.getData("/basic/from-1", false, stat), UTF_8)).isEqualTo("changed on 3");
                assertThat(stat.getVersion()).isEqualTo(1);
                for (Member writer : ensemble.members()) {
                    assertThat(new String(zk.getData("/basic/from-" + writer.sid, false, null), UTF_8))
                            .isEqualTo(writer.sid == 1 ? "changed on 3" : "by " + writer.sid);
                    assertThat(zk.exists("/basic/eph-" + writer.sid, false).getEphemeralOwner())
                            .as("owner of server %d's ephemeral, read on server %d", writer.sid, reader.sid)
                            .isEqualTo(clients.get(writer.sid - 1).getSessionId());
                }
            }

            // A close is a write: once it returns, the session's ephemerals are gone everywhere.
            clients.get(1).close();
            for (Member reader : List.of(ensemble.member(1), ensemble.member(3))) {
                ZooKeeper zk = clients.get(reader.sid - 1);
                zk.sync("/basic");
                assertThat(zk.exists("/basic/eph-2", false)).as("server 2's ephemeral on server %d after its close",
                        reader.sid).isNull();
                assertThat(zk.exists("/basic/eph-" + reader.sid, false)).isNotNull();
            }
        } finally {
            for (ZooKeeper zk : clients) {
                zk.close();
            }
        }
    }

    /** Which member a test SIGKILLs. */
    enum Victim {
        LEADER, FOLLOWER;

        Member pick(Ensemble ensemble, Member leader) {
            return this == LEADER ? leader
                    : ensemble.voters().stream().filter(m -> m != leader).findFirst().orElseThrow();
        }
    }

    /**
     * Three stock clients and two Curator clients write across all servers while one server is
     * SIGKILLed, the survivors go on (electing a new leader when the leader died), and the killed one
     * comes back and catches up; afterwards every server holds every acknowledged write, and no
     * client ever read an older version of the shared node than it had seen.
     */
    @ParameterizedTest(name = "SIGKILL of the {0}")
    @EnumSource(Victim.class)
    void everyAcknowledgedWriteIsOnEveryServerAfterASigkillUnderLoadAndNoClientReadsBackInTime(Victim victim)
            throws Exception {
        Member leader = ensemble.awaitQuorum();
        Member killed = victim.pick(ensemble, leader);
        Workload load = new Workload(ensemble.connectString(), "/load-" + victim.name().toLowerCase(), 3, 2);
        try {
            load.start();
            load.awaitMoreAcks(300, Duration.ofSeconds(60), ensemble);

            assertThat(ensemble.kill(killed)).isEqualTo(137);
            Member next = ensemble.awaitQuorum();
            if (victim == Victim.LEADER) {
                assertThat(next).as("the new leader").isNotEqualTo(killed);
            } else {
                assertThat(next).as("the leader, after a follower died").isEqualTo(leader);
            }
            load.awaitMoreAcks(300, Duration.ofSeconds(60), ensemble);

            ensemble.start(killed);
            ensemble.awaitQuorum();
            load.awaitMoreAcks(300, Duration.ofSeconds(60), ensemble);
        } finally {
            load.close();
        }
        System.out.printf("SIGKILL of the %s (server %d) under load: %s%n", victim, killed.sid, load);
        assertThat(load.violations()).as("what the clients saw go wrong").isEmpty();
        load.assertEveryRunningServerHoldsTheSameDataAndEveryAcknowledgedWrite(ensemble);
        assertThat(ensemble.running()).hasSize(3);
    }

    /**
     * A client with every server in its connect string loses the server it is connected to; it moves
     * to another with the same session, keeps its ephemeral, and its watches (re-registered there)
     * fire for changes made through a third server.
     */
    @ParameterizedTest(name = "its server is the {0}")
    @EnumSource(Victim.class)
    void aSessionAndItsWatchesMoveToAnotherServerWhenItsServerIsKilled(Victim victim) throws Exception {
        Member leader = ensemble.awaitQuorum();
        EventLog states = new EventLog();
        String node = "/moving-" + victim.name().toLowerCase();
        try (ServerAwareClient zk = ServerAwareClient.connectedTo(ensemble, leader, victim == Victim.LEADER, states)) {
            Member first = zk.server(ensemble);
            long session = zk.getSessionId();
            zk.create(node, "0".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create(node + "-mine", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            EventLog data = new EventLog();
            EventLog created = new EventLog();
            zk.getData(node, data, null);
            assertThat(zk.exists(node + "-later", created)).isNull();

            assertThat(ensemble.kill(first)).isEqualTo(137);
            // The client says CONNECTED until it starts its next attempt; SyncConnected after the
            // Disconnected is the reconnection.
            await().atMost(Duration.ofSeconds(60)).until(() -> reconnected(states));
            Member second = zk.server(ensemble);
            assertThat(second).as("the server the client moved to").isNotEqualTo(first);
            assertThat(zk.getSessionId()).isEqualTo(session);
            // SetWatches went out with the reconnection; once this read is answered, it was handled.
            EventLog.settle(zk);
            assertThat(zk.exists(node + "-mine", false).getEphemeralOwner()).isEqualTo(session);

            Member third = ensemble.running().stream().filter(m -> m != second).findFirst().orElseThrow();
            try (ZooKeeper writer = Ensemble.connect(third)) {
                writer.setData(node, "1".getBytes(UTF_8), 0);
                writer.create(node + "-later", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> data.types().contains(EventType.NodeDataChanged)
                    && created.types().contains(EventType.NodeCreated));
            EventLog.settle(zk);
            assertThat(data.types()).filteredOn(t -> t != EventType.None).containsExactly(EventType.NodeDataChanged);
            assertThat(created.types()).filteredOn(t -> t != EventType.None).containsExactly(EventType.NodeCreated);
            assertThat(states.events()).noneMatch(e -> e.getState() == KeeperState.Expired);
        }
    }

    private static boolean reconnected(EventLog states) {
        List<KeeperState> seen = states.events().stream().map(WatchedEvent::getState).toList();
        int lost = seen.indexOf(KeeperState.Disconnected);
        return lost >= 0 && seen.subList(lost, seen.size()).contains(KeeperState.SyncConnected);
    }

    /**
     * The leader is SIGKILLed a few times; each time the time from the kill until a survivor reports
     * leading and until it serves a write is taken (over a raw client, which adds no reconnect
     * backoff of its own), and printed as min/median/max. No bound is asserted: the machine decides.
     */
    @Test
    void aNewLeaderServesAWriteAfterEachLeaderSigkillAndTheElectionTimesArePrinted() throws Exception {
        int rounds = Integer.getInteger("ensemble.electionRounds", 3);
        try (ZooKeeper zk = Ensemble.connect(ensemble.awaitQuorum())) {
            zk.create("/election", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        List<ElectionTimer.Measure> measures = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Member killed = ensemble.awaitQuorum();
            ElectionTimer.Measure m = ElectionTimer.killLeaderAndMeasure(ensemble, killed, "/election/round-" + round);
            assertThat(m.leader()).as("the leader after server %d was killed", killed.sid).isNotEqualTo(killed);
            measures.add(m);
            ensemble.start(killed);
        }
        System.out.println(ElectionTimer.summary("leader SIGKILL, 3 voters", measures));
    }
}
