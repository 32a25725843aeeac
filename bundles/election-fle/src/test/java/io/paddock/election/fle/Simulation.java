package io.paddock.election.fle;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Peers running {@link FastLeaderElection} over an in-memory network whose every choice comes
 * from one seeded {@link Random}: messages lost, delayed, duplicated and so reordered,
 * partitions that heal, peers crashed and restarted with a fresh election. Time is simulated and
 * jumps from one event to the next.
 *
 * <p>Around the elections sits what ZooKeeper's {@code QuorumPeer} does after one: a leader that
 * has no quorum of followers connected for {@link #ROLE_TIMEOUT_MILLIS}, and a follower or
 * observer whose leader is down, unreachable or not leading for as long, goes back to looking
 * (in ZooKeeper, the leader's and learners' init and sync limits). Without it a peer that
 * decided on a leader that never leads would wait forever.
 */
final class Simulation {
    static final long ROLE_TIMEOUT_MILLIS = 2_000;
    private static final long ROLE_CHECK_MILLIS = 100;
    private static final int TRACE_LINES = 300;
    private static final long MAX_STEPS = 2_000_000;

    private sealed interface Event permits Delivery, Crash, Restart, Partition, HealLink, RoleCheck {
        long at();
    }

    private record Delivery(long at, int from, int to, int toIncarnation, byte[] bytes) implements Event {
        @Override
        public String toString() {
            return at + " deliver " + from + "->" + to + " " + Notification.decode(bytes).vote();
        }
    }

    private record Crash(long at, int sid, boolean restarts) implements Event {
    }

    private record Restart(long at, int sid) implements Event {
    }

    /** Cuts the links between {@code side} and the rest. */
    private record Partition(long at, Set<Integer> side) implements Event {
    }

    private record HealLink(long at, int a, int b) implements Event {
    }

    private record RoleCheck(long at) implements Event {
    }

    private record Scheduled(Event event, long order) {
    }

    private record Note(long at, String text) {
        @Override
        public String toString() {
            return at + " " + text;
        }
    }

    private final class Peer {
        final int sid;
        final boolean voter;
        /** What this peer proposes whenever it looks: its last zxid and epoch, as if from its disk. */
        final Vote persisted;
        final MajorityQuorum quorum;
        boolean alive;
        int incarnation;
        FastLeaderElection election;
        Vote decided;
        long unhealthySince = -1;

        Peer(int sid, boolean voter, Vote persisted, MajorityQuorum quorum) {
            this.sid = sid;
            this.voter = voter;
            this.persisted = persisted;
            this.quorum = quorum;
        }

        void start() {
            alive = true;
            incarnation++;
            int myIncarnation = incarnation;
            election = new FastLeaderElection(quorum, (to, message) -> send(sid, myIncarnation, (int) to, message),
                    VoteOrder.majority());
            look();
        }

        void look() {
            decided = null;
            unhealthySince = -1;
            election.startLooking(persisted, now);
        }

        void crash() {
            // A fresh election starts again from round 1, so what this incarnation decided is no
            // longer comparable with the rounds of the others.
            decisionsByRound.values().forEach(byLeader -> byLeader.values().forEach(sids -> sids.remove((long) sid)));
            alive = false;
            election = null;
            decided = null;
            incarnation++;
        }
    }

    private final long seed;
    private final Random random;
    private final int voterCount;
    private final List<Peer> peers = new ArrayList<>();
    private final Set<Long> voterSids = new TreeSet<>();
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            Comparator.comparingLong((Scheduled s) -> s.event().at()).thenComparingLong(Scheduled::order));
    private final Set<Long> cutLinks = new HashSet<>();
    private final ArrayDeque<Object> trace = new ArrayDeque<>();
    /** Round -> leader -> voters that decided on that leader in that round. */
    private final Map<Long, Map<Long, Set<Long>>> decisionsByRound = new HashMap<>();
    private final List<String> disagreements = new ArrayList<>();
    private long order;
    private long now;
    private long steps;
    private double lossRate;
    private double duplicateRate;
    private int maxDelayMillis;

    Simulation(int voters, int observers, long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.voterCount = voters;
        Set<Long> observerSids = new TreeSet<>();
        for (long sid = 1; sid <= voters; sid++) {
            voterSids.add(sid);
        }
        for (long sid = voters + 1; sid <= voters + observers; sid++) {
            observerSids.add(sid);
        }
        MajorityQuorum view = MajorityQuorum.of(1, voterSids, observerSids);
        for (int sid = 1; sid <= voters + observers; sid++) {
            // Few distinct epochs and zxids, so that ties broken by sid are common.
            long peerEpoch = 1 + random.nextInt(2);
            long zxid = (peerEpoch << 32) | random.nextInt(3);
            peers.add(new Peer(sid, sid <= voters, new Vote(sid, zxid, 0, peerEpoch, PeerState.LOOKING),
                    view.withMyId(sid)));
        }
    }

    long seed() {
        return seed;
    }

    /**
     * Starts every peer within the first 300 ms and runs with faults until a random time of 3 to
     * 18 s, then heals the network: no loss, duplication or partition, delays up to 10 ms, every
     * crashed peer back within 5 s except perhaps one that stays down while the rest of the
     * voters are a quorum. Runs on for {@code healthyMillis} after the faults end.
     */
    void runFaultsThenHeal(long healthyMillis) {
        lossRate = random.nextDouble() * 0.3;
        duplicateRate = random.nextDouble() * 0.2;
        maxDelayMillis = new int[] {5, 50, 300, 1_000}[random.nextInt(4)];
        long faultsEnd = 3_000 + random.nextInt(15_000);
        for (Peer peer : peers) {
            schedule(new Restart(random.nextInt(300), peer.sid));
        }
        int faults = random.nextInt(7);
        boolean oneStaysDown = random.nextInt(4) == 0;
        for (int i = 0; i < faults; i++) {
            long at = random.nextInt((int) faultsEnd);
            if (random.nextBoolean()) {
                Set<Integer> side = new TreeSet<>();
                for (Peer peer : peers) {
                    if (random.nextBoolean()) {
                        side.add(peer.sid);
                    }
                }
                schedule(new Partition(at, side));
            } else {
                // Crashes come after the first starts, so a restart cannot overtake its crash.
                int sid = 1 + random.nextInt(peers.size());
                boolean restarts = !(oneStaysDown && i == 0);
                schedule(new Crash(300 + at, sid, restarts));
            }
        }
        for (long t = 0; t <= faultsEnd + healthyMillis; t += ROLE_CHECK_MILLIS) {
            schedule(new RoleCheck(t));
        }
        runUntil(faultsEnd);
        note("faults over");
        lossRate = 0;
        duplicateRate = 0;
        maxDelayMillis = 10;
        cutLinks.clear();
        runUntil(faultsEnd + healthyMillis);
    }

    /** Crashes {@code sid} and starts it again at once with a fresh election, then runs on. */
    void restart(int sid, long runMillis) {
        note("restarting " + sid + " among settled peers");
        peer(sid).crash();
        peer(sid).start();
        long end = now + runMillis;
        for (long t = now + ROLE_CHECK_MILLIS; t <= end; t += ROLE_CHECK_MILLIS) {
            schedule(new RoleCheck(t));
        }
        runUntil(end);
    }

    /** Each round in which two leaders were each decided on by a quorum of voters. */
    List<String> disagreements() {
        return disagreements;
    }

    /** The decision of every live peer, empty while it looks; by sid. */
    Map<Integer, Vote> liveDecisions() {
        Map<Integer, Vote> decisions = new TreeMap<>();
        for (Peer peer : peers) {
            if (peer.alive) {
                decisions.put(peer.sid, peer.election.decision().orElse(null));
            }
        }
        return decisions;
    }

    /** The vote peer {@code sid} proposes when it looks. */
    Vote proposalOf(long sid) {
        return peer((int) sid).persisted;
    }

    Set<Long> voters() {
        return voterSids;
    }

    boolean isQuorum(Set<Long> sids) {
        return sids.stream().filter(voterSids::contains).count() > voterCount / 2;
    }

    /** The last few hundred things that happened, for a failure message. */
    String trace() {
        return trace.stream().map(Object::toString).collect(Collectors.joining("\n  ", "  ", ""));
    }

    private Peer peer(int sid) {
        return peers.get(sid - 1);
    }

    private void schedule(Event event) {
        queue.add(new Scheduled(event, order++));
    }

    private void note(String text) {
        record(new Note(now, text));
    }

    private void record(Object entry) {
        if (trace.size() == TRACE_LINES) {
            trace.removeFirst();
        }
        trace.addLast(entry);
    }

    private void runUntil(long end) {
        while (true) {
            if (++steps > MAX_STEPS) {
                throw new AssertionError("no end to events after " + MAX_STEPS + " steps at " + now + " ms");
            }
            long nextEvent = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().event().at();
            Peer ticking = null;
            for (Peer peer : peers) {
                if (peer.alive && (ticking == null
                        || peer.election.nextTickMillis() < ticking.election.nextTickMillis())) {
                    ticking = peer;
                }
            }
            long nextTick = ticking == null ? Long.MAX_VALUE : ticking.election.nextTickMillis();
            long next = Math.min(nextEvent, nextTick);
            if (next > end) {
                now = end;
                return;
            }
            now = Math.max(now, next);
            if (nextTick <= nextEvent) {
                ticking.election.tick(now);
            } else {
                handle(queue.poll().event());
            }
            observeDecisions();
        }
    }

    private void handle(Event event) {
        if (event instanceof Delivery d) {
            Peer to = peer(d.to());
            if (to.alive && to.incarnation == d.toIncarnation() && linked(d.from(), d.to())) {
                record(d);
                to.election.receive(d.from(), ByteBuffer.wrap(d.bytes()), now);
            }
        } else if (event instanceof Crash c) {
            if (peer(c.sid()).alive) {
                note("crash " + c.sid());
                peer(c.sid()).crash();
                if (c.restarts()) {
                    schedule(new Restart(now + random.nextInt(5_000), c.sid()));
                }
            }
        } else if (event instanceof Restart r) {
            if (!peer(r.sid()).alive) {
                note("start " + r.sid());
                peer(r.sid()).start();
            }
        } else if (event instanceof Partition p) {
            note("partition " + p.side());
            for (Peer a : peers) {
                for (Peer b : peers) {
                    if (a.sid < b.sid && p.side().contains(a.sid) != p.side().contains(b.sid)) {
                        cutLinks.add(link(a.sid, b.sid));
                        schedule(new HealLink(now + 100 + random.nextInt(8_000), a.sid, b.sid));
                    }
                }
            }
        } else if (event instanceof HealLink h) {
            cutLinks.remove(link(h.a(), h.b()));
        } else if (event instanceof RoleCheck) {
            checkRoles();
        }
    }

    private void send(int from, int fromIncarnation, int to, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        Peer target = peer(to);
        if (!target.alive || peer(from).incarnation != fromIncarnation) {
            return;
        }
        if (from == to) {
            // A peer's messages to itself never touch the network.
            schedule(new Delivery(now, from, to, target.incarnation, bytes));
            return;
        }
        if (!linked(from, to) || random.nextDouble() < lossRate) {
            return;
        }
        int copies = random.nextDouble() < duplicateRate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            schedule(new Delivery(now + 1 + random.nextInt(maxDelayMillis), from, to, target.incarnation, bytes));
        }
    }

    private static long link(int a, int b) {
        return Math.min(a, b) * 1_000L + Math.max(a, b);
    }

    private boolean linked(int a, int b) {
        return a == b || !cutLinks.contains(link(a, b));
    }

    private void observeDecisions() {
        for (Peer peer : peers) {
            if (!peer.alive || peer.decided != null) {
                continue;
            }
            peer.election.decision().ifPresent(vote -> {
                peer.decided = vote;
                note(peer.sid + " decided " + vote);
                if (peer.voter) {
                    Map<Long, Set<Long>> byLeader = decisionsByRound.computeIfAbsent(vote.electionEpoch(),
                            round -> new TreeMap<>());
                    byLeader.computeIfAbsent(vote.leader(), leader -> new TreeSet<>()).add((long) peer.sid);
                    List<Long> backed = byLeader.entrySet().stream()
                            .filter(e -> isQuorum(e.getValue())).map(Map.Entry::getKey).toList();
                    if (backed.size() > 1) {
                        disagreements.add("round " + vote.electionEpoch() + ": " + byLeader);
                    }
                }
            });
        }
    }

    private void checkRoles() {
        for (Peer peer : peers) {
            if (!peer.alive || peer.decided == null) {
                continue;
            }
            boolean healthy = peer.decided.state() == PeerState.LEADING ? hasFollowers(peer) : isServed(peer);
            if (healthy) {
                peer.unhealthySince = -1;
            } else if (peer.unhealthySince < 0) {
                peer.unhealthySince = now;
            } else if (now - peer.unhealthySince >= ROLE_TIMEOUT_MILLIS) {
                note(peer.sid + " gives up on leader " + peer.decided.leader() + " and looks again");
                peer.look();
            }
        }
    }

    private boolean hasFollowers(Peer leader) {
        Set<Long> connected = new HashSet<>();
        connected.add((long) leader.sid);
        for (Peer peer : peers) {
            if (peer.alive && peer.decided != null && peer.decided.state() == PeerState.FOLLOWING
                    && peer.decided.leader() == leader.sid && linked(peer.sid, leader.sid)) {
                connected.add((long) peer.sid);
            }
        }
        return isQuorum(connected);
    }

    private boolean isServed(Peer learner) {
        long leaderSid = learner.decided.leader();
        if (!voterSids.contains(leaderSid)) {
            return false;
        }
        Peer leader = peer((int) leaderSid);
        return leader.alive && leader.decided != null && leader.decided.state() == PeerState.LEADING
                && linked(learner.sid, leader.sid);
    }
}
