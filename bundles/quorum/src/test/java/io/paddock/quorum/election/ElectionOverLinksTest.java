package io.paddock.quorum.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import io.paddock.election.fle.FastLeaderElection;
import io.paddock.election.fle.VoteOrder;
import io.paddock.quorum.config.QuorumMembership;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@link FastLeaderElection} of every peer, each on its own {@link ElectionRunner} over
 * its own {@link ElectionLinks}, across the in-memory network: what the quorum peer will run,
 * minus the sockets.
 */
class ElectionOverLinksTest {
    private static final long DECIDE_WITHIN_SECONDS = 30;
    private static final String VOTERS = """
            server.1=127.0.0.1:2001:3001
            server.2=127.0.0.1:2002:3002
            server.3=127.0.0.1:2003:3003
            """;
    private static final String WITH_OBSERVER = VOTERS + "server.4=127.0.0.1:2004:3004:observer\n";
    private static final long EPOCH = 1;
    /** Looks again after deciding on a leader that is down; a few suffice once the voters have decided. */
    private static final int MAX_RETRIES = 5;

    /** One peer's election, as a quorum peer runs it. */
    private static final class Peer implements AutoCloseable {
        final ElectionLinks links;
        final ElectionRunner runner;

        Peer(QuorumMembership membership, InMemoryNetwork network) throws IOException {
            links = new ElectionLinks(membership, network.transport("peer-" + membership.myId()),
                    ElectionLinks.Settings.defaults());
            runner = new ElectionRunner(links,
                    outbox -> new FastLeaderElection(membership, outbox, VoteOrder.majority()),
                    ElectionRunner.monotonicClock());
            links.start(runner::receive);
            runner.start();
        }

        @Override
        public void close() {
            runner.close();
            links.close();
        }
    }

    private InMemoryNetwork network;
    private final Map<Long, Peer> peers = new HashMap<>();

    @AfterEach
    void stopPeers() throws Exception {
        peers.values().forEach(Peer::close);
        network.close();
    }

    private void startPeers(long seed, String config, long... sids) throws IOException {
        network = new InMemoryNetwork(seed, 64);
        for (long sid : sids) {
            startPeer(config, sid);
        }
    }

    private void startPeer(String config, long sid) throws IOException {
        peers.put(sid, new Peer(QuorumMembership.fromConfigText(sid, config), network));
    }

    private void crash(long sid) {
        peers.remove(sid).close();
    }

    /**
     * Every peer given looks at once, proposing itself with {@code zxids}' zxid (0x100000005 if
     * none), and the votes they decide on. A peer that decides on a leader that is not running
     * looks again, as a quorum peer does once it fails to connect to that leader: while a voter
     * looks, it answers a non-voter with the leader it decided on last time (ZooKeeper's
     * {@code WorkerReceiver} does the same), so an observer can pick a leader that just died.
     */
    private Map<Long, Vote> look(Map<Long, Long> zxids, long... sids) {
        Map<Long, CompletableFuture<Vote>> decided = new HashMap<>();
        for (long sid : sids) {
            decided.put(sid, lookOnce(zxids, sid));
        }
        Map<Long, Vote> votes = new HashMap<>();
        for (long sid : sids) {
            Vote vote = decided.get(sid).orTimeout(DECIDE_WITHIN_SECONDS, TimeUnit.SECONDS).join();
            for (int retry = 0; retry < MAX_RETRIES && !peers.containsKey(vote.leader()); retry++) {
                vote = lookOnce(zxids, sid).orTimeout(DECIDE_WITHIN_SECONDS, TimeUnit.SECONDS).join();
            }
            votes.put(sid, vote);
        }
        return votes;
    }

    private CompletableFuture<Vote> lookOnce(Map<Long, Long> zxids, long sid) {
        long zxid = zxids.getOrDefault(sid, 0x1_0000_0005L);
        return peers.get(sid).runner.lookForLeader(new Vote(sid, zxid, 0, EPOCH, PeerState.LOOKING));
    }

    private static Map<Long, PeerState> states(Map<Long, Vote> votes) {
        return votes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().state()));
    }

    private static List<Long> leaders(Map<Long, Vote> votes) {
        return votes.values().stream().map(Vote::leader).distinct().toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void threeVotersAgreeOnThePeerWithTheLatestZxid(long seed) throws Exception {
        startPeers(seed, VOTERS, 1, 2, 3);

        // Peer 1 looks last: a notification reaching a peer before that one looks is dropped, and
        // peer 1 would repeat it only after 200 ms, as long as 2 and 3 wait before deciding without it.
        Map<Long, Vote> votes = look(Map.of(1L, 0x1_0000_0009L), 2, 3, 1);

        assertThat(leaders(votes)).containsExactly(1L);
        assertThat(states(votes)).containsExactlyInAnyOrderEntriesOf(
                Map.of(1L, PeerState.LEADING, 2L, PeerState.FOLLOWING, 3L, PeerState.FOLLOWING));
        assertThat(votes.values()).extracting(Vote::zxid).containsOnly(0x1_0000_0009L);
    }

    @Test
    void threeVotersAndAnObserverAgreeAndTheObserverObserves() throws Exception {
        startPeers(4, WITH_OBSERVER, 1, 2, 3, 4);

        Map<Long, Vote> votes = look(Map.of(), 1, 2, 3, 4);

        assertThat(leaders(votes)).containsExactly(3L);
        assertThat(states(votes)).containsExactlyInAnyOrderEntriesOf(Map.of(1L, PeerState.FOLLOWING,
                2L, PeerState.FOLLOWING, 3L, PeerState.LEADING, 4L, PeerState.OBSERVING));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 6})
    void whenTheLeaderCrashesTheOthersElectANewOneAndTheObserverFollowsIt(long seed) throws Exception {
        startPeers(seed, WITH_OBSERVER, 1, 2, 3, 4);
        assertThat(leaders(look(Map.of(), 1, 2, 3, 4))).containsExactly(3L);

        crash(3);
        // Peers look again once they notice the leader is gone; here, once their links to it are down.
        await().atMost(Duration.ofSeconds(DECIDE_WITHIN_SECONDS)).until(() -> List.of(1L, 2L, 4L).stream()
                .noneMatch(sid -> peers.get(sid).links.isConnected(3)));
        Map<Long, Vote> votes = look(Map.of(), 1, 2, 4);

        assertThat(leaders(votes)).containsExactly(2L);
        assertThat(states(votes)).containsExactlyInAnyOrderEntriesOf(
                Map.of(1L, PeerState.FOLLOWING, 2L, PeerState.LEADING, 4L, PeerState.OBSERVING));
    }

    @Test
    void aRestartedPeerJoinsTheLeaderTheOthersElectedWithoutIt() throws Exception {
        startPeers(7, VOTERS, 1, 2, 3);
        assertThat(leaders(look(Map.of(), 1, 2, 3))).containsExactly(3L);
        crash(3);
        assertThat(leaders(look(Map.of(), 1, 2))).containsExactly(2L);

        startPeer(VOTERS, 3);
        Vote restarted = look(Map.of(), 3).get(3L);

        assertThat(restarted.leader()).isEqualTo(2L);
        assertThat(restarted.state()).isEqualTo(PeerState.FOLLOWING);
    }
}
