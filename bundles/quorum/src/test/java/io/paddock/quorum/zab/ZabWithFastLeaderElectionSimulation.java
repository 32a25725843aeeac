package io.paddock.quorum.zab;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import io.paddock.election.fle.FastLeaderElection;
import io.paddock.election.fle.VoteOrder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ZabSimulation} with the real {@link FastLeaderElection} in place of the adversarial
 * pick: every looking node runs an election over its own simulated network, which loses,
 * delays, reorders and duplicates messages, stalls across the same partitions as the ZAB links
 * and drops what is sent to a node that is down. A decision makes the node lead, or connect to
 * the decided leader as ZooKeeper's {@code Learner.connectToLeader} does, retrying for
 * {@code initLimit} ticks before it looks again.
 */
final class ZabWithFastLeaderElectionSimulation extends ZabSimulation {
    private static final int LOSS_PERCENT = 10;
    private static final int DUPLICATE_PERCENT = 5;
    private static final int MAX_DELAY_MILLIS = 60;

    /** An election message in flight, delivered once {@code now} reaches {@code at}. */
    private record Datagram(long from, long to, byte[] bytes, long at) {}

    /** A node's election while it is up; a restart gets a fresh one, as a restarted peer would. */
    private final class Peer {
        final FastLeaderElection election;
        boolean mustLook = true;
        /** When the current decision was first seen, or -1 while looking. */
        long decidedAt = -1;

        Peer(long sid) {
            // The membership's sets are sorted: the election sends to voters in their order, and a
            // seed's run must repeat exactly.
            election = new FastLeaderElection(view(sid), (to, message) -> post(sid, to, message), VoteOrder.majority());
        }
    }

    private final Map<Long, Peer> peers = new HashMap<>();
    private final List<Datagram> inFlight = new ArrayList<>();

    ZabWithFastLeaderElectionSimulation(long seed, int voters, int observers) {
        super(seed, voters, observers);
        for (Node n : nodes.values()) {
            peers.put(n.sid, new Peer(n.sid));
        }
    }

    /**
     * Once settled, every node's election must have decided for the leader that serves them: the
     * ensemble came to it through the election, not around it.
     */
    @Override
    void checkSettled() {
        check(electionsAgreeOnTheLeader(), "settled on a leader some election did not decide for");
    }

    boolean electionsAgreeOnTheLeader() {
        Node leader = nodes.values().stream().filter(n -> n.leading != null && n.leading.established())
                .findFirst().orElseThrow();
        return nodes.values().stream().allMatch(n -> peers.get(n.sid).election.decision()
                .filter(v -> v.leader() == leader.sid).isPresent());
    }

    @Override
    void electionRoll(boolean chaos) {
        // Leaders come from the election alone.
    }

    @Override
    void roleEnded(Node n) {
        Peer p = peers.get(n.sid);
        if (!n.up) {
            peers.remove(n.sid);
        } else if (p != null) {
            p.mustLook = true;
        }
    }

    @Override
    void restarted(Node n) {
        peers.put(n.sid, new Peer(n.sid));
    }

    /** As ZooKeeper's leader and learners do once synced (ZOOKEEPER-1732). */
    @Override
    void served(Node n, long epoch) {
        Peer p = peers.get(n.sid);
        if (p != null) {
            p.election.updatePeerEpoch(epoch);
        }
    }

    private void post(long from, long to, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.duplicate().get(bytes);
        if (from == to) {
            // ZooKeeper's QuorumCnxManager puts a message to itself straight on its own receive queue.
            inFlight.add(new Datagram(from, to, bytes, now));
            return;
        }
        if (random.nextInt(100) < LOSS_PERCENT) {
            return;
        }
        int copies = random.nextInt(100) < DUPLICATE_PERCENT ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            inFlight.add(new Datagram(from, to, bytes, now + random.nextInt(MAX_DELAY_MILLIS)));
        }
    }

    @Override
    void electionTraffic() {
        List<Datagram> due = inFlight.stream().filter(d -> d.at() <= now).toList();
        inFlight.removeAll(due);
        for (Datagram d : due) {
            Node to = nodes.get(d.to());
            Peer p = peers.get(d.to());
            // A partition or a crash breaks the election connection: what was on it is lost.
            if (to.up && p != null && (d.from() == d.to() || !blocked.contains(pair(d.from(), d.to())))) {
                p.election.receive(d.from(), ByteBuffer.wrap(d.bytes()), now);
            }
        }
        for (Node n : nodes.values()) {
            Peer p = peers.get(n.sid);
            if (n.up && p != null && n.looking()) {
                look(n, p);
            }
        }
    }

    private void look(Node n, Peer p) {
        if (p.mustLook) {
            // ZooKeeper proposes its last logged zxid and its current epoch (QuorumPeer.getCurrentVote).
            p.mustLook = false;
            p.decidedAt = -1;
            note(n.sid + " looks (zxid " + Long.toHexString(n.lastZxid()) + ", epoch " + n.currentEpoch + ")");
            p.election.startLooking(new Vote(n.sid, n.lastZxid(), 0, n.currentEpoch, PeerState.LOOKING), now);
        }
        if (now >= p.election.nextTickMillis()) {
            p.election.tick(now);
        }
        Optional<Vote> decision = p.election.decision();
        if (decision.isEmpty()) {
            return;
        }
        Vote vote = decision.get();
        if (p.decidedAt < 0) {
            p.decidedAt = now;
            note(n.sid + " decided " + vote);
        }
        if (vote.state() == PeerState.LEADING) {
            lead(n);
        } else if (!follow(n, nodes.get(vote.leader())) && now - p.decidedAt > TIMING.initMillis()) {
            note(n.sid + " gives up on leader " + vote.leader());
            p.mustLook = true;
        }
    }
}
