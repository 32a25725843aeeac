package io.paddock.quorum.zab;

import io.paddock.api.quorum.QuorumTiming;
import io.paddock.quorum.zab.ZabAction.Append;
import io.paddock.quorum.zab.ZabAction.Apply;
import io.paddock.quorum.zab.ZabAction.CloseLink;
import io.paddock.quorum.zab.ZabAction.InstallSnapshot;
import io.paddock.quorum.zab.ZabAction.PersistAcceptedEpoch;
import io.paddock.quorum.zab.ZabAction.PersistCurrentEpoch;
import io.paddock.quorum.zab.ZabAction.Send;
import io.paddock.quorum.zab.ZabAction.Serve;
import io.paddock.quorum.zab.ZabAction.StepDown;
import io.paddock.quorum.zab.ZabAction.Truncate;
import io.paddock.quorum.zab.ZabMessage.Snap;
import io.paddock.quorum.config.QuorumMembership;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An ensemble of leader and learner state machines over simulated links, disks and a clock,
 * driven by one seeded {@link Random}: links that break, partitions that stall them, crashes
 * that lose what was not yet on disk, restarts, and an adversarial election that may pick any
 * voter. It checks safety after every action: one leader per epoch, every committed txn kept in
 * order (the committed sequence only grows, and every leader's history extends it), every
 * serving database a prefix of the committed sequence, one payload per zxid.
 */
class ZabSimulation {
    static final QuorumTiming TIMING = new QuorumTiming(100, 10, 5);

    /** A message in flight; a SNAP carries the leader's database as of its zxid. */
    record Envelope(ZabMessage message, List<Txn> image) {}

    final class Link {
        final long id;
        final Node leader;
        final Node learner;
        final Deque<Envelope> toLeader = new ArrayDeque<>();
        final Deque<Envelope> toLearner = new ArrayDeque<>();
        boolean open = true;

        Link(long id, Node leader, Node learner) {
            this.id = id;
            this.leader = leader;
            this.learner = learner;
        }

        boolean stalled() {
            return blocked.contains(pair(leader.sid, learner.sid));
        }
    }

    final class Node {
        final long sid;
        final boolean voter;
        boolean up = true;
        long acceptedEpoch;
        long currentEpoch;
        List<Txn> snapshot = new ArrayList<>();
        final List<Txn> log = new ArrayList<>();
        int unflushed;
        List<Txn> db = new ArrayList<>();
        LeaderProtocol leading;
        LearnerProtocol learning;
        Link link;
        final Map<Long, Link> learnerLinks = new LinkedHashMap<>();
        List<Txn> incomingImage;

        Node(long sid, boolean voter) {
            this.sid = sid;
            this.voter = voter;
        }

        boolean looking() {
            return up && leading == null && learning == null;
        }

        List<Txn> fullHistory() {
            List<Txn> all = new ArrayList<>(snapshot);
            all.addAll(log);
            return all;
        }

        final ListHistory history = new ListHistory(log,
                () -> snapshot.isEmpty() ? 0 : snapshot.get(snapshot.size() - 1).zxid());

        long lastZxid() {
            return history.lastZxid();
        }
    }

    final Random random;
    final long seed;
    final Map<Long, Node> nodes = new LinkedHashMap<>();
    final QuorumMembership quorum;
    private final int voterCount;
    private final int observerCount;
    final Set<Long> blocked = new HashSet<>();
    final List<Link> links = new ArrayList<>();
    final Map<Long, Long> leaderOfEpoch = new HashMap<>();
    final Map<Long, String> payloadOf = new HashMap<>();
    final Deque<String> trace = new ArrayDeque<>();
    List<Txn> committed = new ArrayList<>();
    long now;
    long nextLinkId = 1;
    int proposals;

    ZabSimulation(long seed, int voters, int observers) {
        this.seed = seed;
        this.random = new Random(seed);
        for (long sid = 1; sid <= voters + observers; sid++) {
            nodes.put(sid, new Node(sid, sid <= voters));
        }
        this.voterCount = voters;
        this.observerCount = observers;
        quorum = SimQuorum.of(1, voters, observers);
    }

    /** The membership as peer {@code sid} sees it. */
    QuorumMembership view(long sid) {
        return SimQuorum.of(sid, voterCount, observerCount);
    }

    static long pair(long a, long b) {
        return Math.min(a, b) * 1000 + Math.max(a, b);
    }

    // ---- driving ----

    /** One random step; {@code chaos} allows crashes, link breaks and partitions. */
    void step(boolean chaos, boolean writes) {
        now += random.nextInt(25);
        deliver();
        electionTraffic();
        int roll = random.nextInt(100);
        if (roll < 10) {
            flush(randomNode(n -> n.up && n.unflushed > 0));
        } else if (roll < 30) {
            if (writes) {
                propose();
            }
        } else if (roll < 45) {
            electionRoll(chaos);
        } else if (chaos && roll < 48) {
            crash(randomNode(n -> n.up));
        } else if (chaos && roll < 53) {
            restart(randomNode(n -> !n.up));
        } else if (chaos && roll < 56) {
            List<Link> open = links.stream().filter(l -> l.open).toList();
            if (!open.isEmpty()) {
                Link l = open.get(random.nextInt(open.size()));
                note("break link " + l.id);
                close(l);
            }
        } else if (chaos && roll < 59) {
            long a = 1 + random.nextInt(nodes.size());
            long b = 1 + random.nextInt(nodes.size());
            if (a != b && !blocked.remove(pair(a, b))) {
                blocked.add(pair(a, b));
                note("partition " + a + "-" + b);
            }
        }
        for (Node n : nodes.values()) {
            if (n.leading != null) {
                run(n, n.leading.tick(now));
            }
            if (n.learning != null) {
                run(n, n.learning.tick(now));
            }
        }
    }

    /**
     * One seed's whole run: chaos with writes, then healing until settled, then three more
     * writes committed everywhere. Returns the steps healing took the first time; counts in
     * {@link #stuckLeaders} how often a leader was restarted for a newer accepted epoch.
     */
    int runChaosThenHealing(int chaosSteps, int healingSteps, int unstickEvery) {
        for (int i = 0; i < chaosSteps; i++) {
            step(true, true);
        }
        heal();
        int healed = settle(healingSteps, unstickEvery);
        int committedBefore = committed.size();
        for (int i = 0; i < healingSteps && committed.size() < committedBefore + 3; i++) {
            step(false, true);
        }
        settle(healingSteps, unstickEvery);
        check(committed.size() >= committedBefore + 3, "new writes not committed everywhere after healing");
        return healed;
    }

    int stuckLeaders;

    private int settle(int healingSteps, int unstickEvery) {
        int steps = 0;
        while (!settled() && steps++ < healingSteps) {
            step(false, false);
            if (steps % unstickEvery == 0 && restartLeaderBehindAnAcceptedEpoch()) {
                stuckLeaders++;
            }
        }
        check(settled(), "no settled ensemble " + healingSteps + " steps after healing");
        checkSettled();
        return steps;
    }

    /** More a subclass checks once the ensemble settled. */
    void checkSettled() {
    }

    void heal() {
        blocked.clear();
        for (Node n : nodes.values()) {
            if (!n.up) {
                restart(n);
            }
        }
        note("healed");
    }

    /**
     * A peer that accepted a newer epoch from a leader that then failed refuses an established
     * leader of an older epoch until leadership changes; ZooKeeper's learners do the same
     * ({@code Learner.registerWithLeader}). An operator restarts the leader; so does this.
     */
    boolean restartLeaderBehindAnAcceptedEpoch() {
        Node leader = nodes.values().stream().filter(n -> n.leading != null && n.leading.established())
                .findFirst().orElse(null);
        if (leader == null || nodes.values().stream().noneMatch(n -> n.acceptedEpoch > leader.leading.epoch())) {
            return false;
        }
        crash(leader);
        restart(leader);
        return true;
    }

    /** True once one leader is established, every node serves, and every log and database is the same. */
    boolean settled() {
        Node leader = nodes.values().stream().filter(n -> n.leading != null && n.leading.established())
                .findFirst().orElse(null);
        if (leader == null) {
            return false;
        }
        for (Node n : nodes.values()) {
            boolean serving = n == leader || n.learning != null && n.learning.serving();
            if (!serving || n.unflushed > 0 || !sameZxids(n.db, leader.db)
                    || !sameZxids(n.fullHistory(), leader.fullHistory())) {
                return false;
            }
        }
        return links.stream().filter(l -> l.open).allMatch(l -> l.toLeader.isEmpty() && l.toLearner.isEmpty())
                && leader.db.size() == leader.fullHistory().size();
    }

    Node randomNode(java.util.function.Predicate<Node> which) {
        List<Node> candidates = nodes.values().stream().filter(which).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** Each link direction passes its next message with even odds: links are FIFO, timing between them is not. */
    private void deliver() {
        for (Link l : List.copyOf(links)) {
            if (l.open && !l.stalled() && !l.toLeader.isEmpty() && random.nextBoolean()) {
                Envelope e = l.toLeader.removeFirst();
                note(l.learner.sid + "->" + l.leader.sid + " " + e.message());
                run(l.leader, l.leader.leading.receive(l.id, e.message(), now));
            }
            if (l.open && !l.stalled() && !l.toLearner.isEmpty() && random.nextBoolean()) {
                Envelope e = l.toLearner.removeFirst();
                note(l.leader.sid + "->" + l.learner.sid + " " + e.message());
                l.learner.incomingImage = e.image();
                run(l.learner, l.learner.learning.receive(e.message(), now));
            }
        }
        links.removeIf(l -> !l.open);
    }

    void flush(Node n) {
        if (n == null) {
            return;
        }
        n.unflushed = 0;
        long last = n.lastZxid();
        note(n.sid + " flushed through " + Long.toHexString(last));
        if (n.leading != null) {
            run(n, n.leading.logged(last, now));
        } else if (n.learning != null) {
            run(n, n.learning.logged(last, now));
        }
    }

    private void propose() {
        Node leader = randomNode(n -> n.leading != null && n.leading.established());
        if (leader != null) {
            byte[] data = ("p" + (++proposals) + "@" + leader.sid).getBytes(StandardCharsets.UTF_8);
            run(leader, leader.leading.propose(data, now));
        }
    }

    /** Where the adversarial election acts; a simulation with a real election replaces it. */
    void electionRoll(boolean chaos) {
        elect(randomNode(Node::looking), chaos);
    }

    /** Election messages and timers of a simulation with a real election; none here. */
    void electionTraffic() {}

    /** A role ended (the node may be down): a real election starts looking again. */
    void roleEnded(Node n) {}

    /** A node came back up with what its disk holds. */
    void restarted(Node n) {}

    /** The node serves in {@code epoch}: as leader, or as a learner that is up to date. */
    void served(Node n, long epoch) {}

    /** In chaos any voter may be chosen; once healed, the best voter as fast leader election picks it. */
    private void elect(Node n, boolean chaos) {
        if (n == null) {
            return;
        }
        Node target;
        Node sitting = nodes.values().stream().filter(x -> x.leading != null && !x.leading.stopped())
                .findFirst().orElse(null);
        if (chaos) {
            List<Node> voters = nodes.values().stream().filter(x -> x.voter && x.up).toList();
            if (voters.isEmpty()) {
                return;
            }
            target = voters.get(random.nextInt(voters.size()));
        } else if (sitting != null) {
            target = sitting;
        } else {
            target = nodes.values().stream().filter(x -> x.up && x.voter)
                    .max(Comparator.comparingLong((Node x) -> x.currentEpoch).thenComparingLong(Node::lastZxid)
                            .thenComparingLong(x -> x.sid))
                    .orElseThrow();
        }
        if (target == n) {
            lead(n);
            return;
        }
        follow(n, target);
    }

    /** Starts leading, if {@code n} votes. */
    void lead(Node n) {
        if (!n.voter) {
            return;
        }
        // A role starts from what is on disk: ZooKeeper's leader loads its database from the log.
        flush(n);
        note(n.sid + " leads");
        n.leading = new LeaderProtocol(view(n.sid), TIMING, n.acceptedEpoch, n.currentEpoch, n.history);
        run(n, n.leading.start(now));
    }

    /** Connects {@code n} as a learner to {@code target}; false if target does not lead or is cut off. */
    boolean follow(Node n, Node target) {
        if (target.leading == null || target.leading.stopped() || blocked.contains(pair(n.sid, target.sid))) {
            return false;
        }
        note(n.sid + " follows " + target.sid);
        flush(n);
        n.learning = new LearnerProtocol(n.sid, !n.voter, TIMING, n.acceptedEpoch, n.currentEpoch, n.lastZxid());
        Link l = new Link(nextLinkId++, target, n);
        links.add(l);
        n.link = l;
        target.learnerLinks.put(l.id, l);
        run(target, target.leading.linkOpened(l.id, now));
        run(n, n.learning.connected(now));
        return true;
    }

    void crash(Node n) {
        if (n == null) {
            return;
        }
        int lost = n.unflushed == 0 ? 0 : random.nextInt(n.unflushed + 1);
        note(n.sid + " crashes, losing " + lost + " of " + n.unflushed + " unflushed");
        for (int i = 0; i < lost; i++) {
            n.log.remove(n.log.size() - 1);
        }
        n.unflushed = 0;
        n.up = false;
        endRole(n);
    }

    void restart(Node n) {
        if (n == null) {
            return;
        }
        note(n.sid + " restarts");
        n.up = true;
        n.db = n.fullHistory();
        restarted(n);
    }

    private void endRole(Node n) {
        n.leading = null;
        n.learning = null;
        if (n.link != null) {
            close(n.link);
            n.link = null;
        }
        for (Link l : List.copyOf(n.learnerLinks.values())) {
            close(l);
        }
        // ZooKeeper fast-forwards the database over the logged tail when a role ends.
        n.db = n.fullHistory();
        roleEnded(n);
    }

    private void close(Link l) {
        if (!l.open) {
            return;
        }
        l.open = false;
        l.leader.learnerLinks.remove(l.id);
        if (l.leader.leading != null) {
            run(l.leader, l.leader.leading.linkClosed(l.id, now));
        }
        if (l.learner.link == l) {
            l.learner.link = null;
            if (l.learner.learning != null) {
                run(l.learner, l.learner.learning.disconnected(now));
            }
        }
    }

    // ---- the host: carrying out actions and checking ----

    private void run(Node n, List<ZabAction> actions) {
        for (ZabAction action : actions) {
            if (!n.up) {
                return;
            }
            if (!(action instanceof Send)) {
                note(n.sid + " " + action);
            }
            if (action instanceof Send send) {
                send(n, send);
            } else if (action instanceof CloseLink c) {
                Link l = n.learnerLinks.get(c.link());
                if (l != null) {
                    close(l);
                }
            } else if (action instanceof PersistAcceptedEpoch p) {
                n.acceptedEpoch = p.epoch();
            } else if (action instanceof PersistCurrentEpoch p) {
                check(p.epoch() <= n.acceptedEpoch, n.sid + " current epoch above its accepted epoch");
                n.currentEpoch = p.epoch();
            } else if (action instanceof Append a) {
                String payload = new String(a.txn().data(), StandardCharsets.UTF_8);
                String earlier = payloadOf.putIfAbsent(a.txn().zxid(), payload);
                check(earlier == null || earlier.equals(payload),
                        "zxid " + Long.toHexString(a.txn().zxid()) + " carries " + earlier + " and " + payload);
                check(a.txn().zxid() > n.lastZxid(), n.sid + " appends out of order");
                n.log.add(a.txn());
                n.unflushed++;
            } else if (action instanceof Truncate t) {
                n.unflushed = 0;
                // A cut below the newest snapshot falls back to an older one (ZooKeeper deletes the
                // snapshots after the cut); the simulated snapshot is a list, so it is cut too.
                n.snapshot = n.snapshot.stream().filter(x -> x.zxid() <= t.zxid()).toList();
                n.log.removeIf(x -> x.zxid() > t.zxid());
                n.db = n.fullHistory();
            } else if (action instanceof InstallSnapshot s) {
                check(n.incomingImage != null, "snapshot without an image");
                n.snapshot = List.copyOf(n.incomingImage);
                n.log.clear();
                n.unflushed = 0;
                n.db = new ArrayList<>(n.snapshot);
            } else if (action instanceof Apply a) {
                check(n.db.isEmpty() || n.db.get(n.db.size() - 1).zxid() < a.txn().zxid(),
                        n.sid + " applies " + Long.toHexString(a.txn().zxid()) + " out of order");
                n.db.add(a.txn());
                if (n.leading != null) {
                    committedGrowsTo(n.db, n.sid + " commit");
                } else if (n.learning != null && n.learning.serving()) {
                    check(isPrefix(n.db, committed), n.sid + " applied past or beside the committed sequence");
                }
            } else if (action instanceof Serve s) {
                if (n.leading != null) {
                    Long earlier = leaderOfEpoch.putIfAbsent(s.epoch(), n.sid);
                    check(earlier == null, "epoch " + s.epoch() + " established by " + earlier + " and " + n.sid);
                    check(n.db.size() == n.fullHistory().size(), "leader's database behind its log");
                    committedGrowsTo(n.fullHistory(), n.sid + " established");
                } else {
                    check(isPrefix(n.db, committed), n.sid + " serves a database beside the committed sequence");
                }
                served(n, s.epoch());
            } else if (action instanceof StepDown) {
                endRole(n);
                return;
            }
        }
    }

    private void send(Node n, Send send) {
        Link l = n.leading != null ? n.learnerLinks.get(send.link()) : n.link;
        if (l == null || !l.open) {
            return;
        }
        if (n.leading != null) {
            List<Txn> image = null;
            if (send.message() instanceof Snap snap) {
                image = n.db.stream().filter(t -> t.zxid() <= snap.zxid()).toList();
                check(!image.isEmpty() && image.get(image.size() - 1).zxid() == snap.zxid() || snap.zxid() == 0,
                        "snapshot at " + Long.toHexString(snap.zxid()) + " not in the leader's database");
            }
            l.toLearner.addLast(new Envelope(send.message(), image));
        } else {
            l.toLeader.addLast(new Envelope(send.message(), null));
        }
    }

    private void committedGrowsTo(List<Txn> history, String what) {
        check(isPrefix(committed, history), what + ": committed txns lost or reordered; committed "
                + zxids(committed) + ", history " + zxids(history));
        if (history.size() > committed.size()) {
            committed = List.copyOf(history);
        }
    }

    static boolean isPrefix(List<Txn> prefix, List<Txn> of) {
        if (prefix.size() > of.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (prefix.get(i).zxid() != of.get(i).zxid() || !Arrays.equals(prefix.get(i).data(), of.get(i).data())) {
                return false;
            }
        }
        return true;
    }

    static boolean sameZxids(List<Txn> a, List<Txn> b) {
        return isPrefix(a, b) && a.size() == b.size();
    }

    static String zxids(List<Txn> txns) {
        return txns.stream().map(t -> Long.toHexString(t.zxid())).toList().toString();
    }

    void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("seed " + seed + ": " + what + "\nlast events:\n" + String.join("\n", trace));
        }
    }

    void note(String event) {
        trace.addLast(now + " " + event);
        if (trace.size() > 200) {
            trace.removeFirst();
        }
    }
}
