package io.paddock.quorum.zab;

import io.paddock.api.quorum.QuorumTiming;
import io.paddock.api.quorum.QuorumView;
import io.paddock.api.txn.Zxid;
import io.paddock.quorum.zab.ZabAction.Append;
import io.paddock.quorum.zab.ZabAction.Apply;
import io.paddock.quorum.zab.ZabAction.CloseLink;
import io.paddock.quorum.zab.ZabAction.PersistAcceptedEpoch;
import io.paddock.quorum.zab.ZabAction.PersistCurrentEpoch;
import io.paddock.quorum.zab.ZabAction.Send;
import io.paddock.quorum.zab.ZabAction.Serve;
import io.paddock.quorum.zab.ZabAction.StepDown;
import io.paddock.quorum.zab.ZabMessage.Ack;
import io.paddock.quorum.zab.ZabMessage.AckEpoch;
import io.paddock.quorum.zab.ZabMessage.Commit;
import io.paddock.quorum.zab.ZabMessage.Diff;
import io.paddock.quorum.zab.ZabMessage.Inform;
import io.paddock.quorum.zab.ZabMessage.LeaderInfo;
import io.paddock.quorum.zab.ZabMessage.LearnerHello;
import io.paddock.quorum.zab.ZabMessage.NewLeader;
import io.paddock.quorum.zab.ZabMessage.Ping;
import io.paddock.quorum.zab.ZabMessage.Proposal;
import io.paddock.quorum.zab.ZabMessage.Snap;
import io.paddock.quorum.zab.ZabMessage.Trunc;
import io.paddock.quorum.zab.ZabMessage.UpToDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One term of leadership as ZooKeeper 3.9.3's {@code Leader} and {@code LearnerHandler} run it,
 * as a state machine: discovery (a quorum's FOLLOWERINFO fixes the new epoch, a quorum's
 * ACKEPOCH confirms no follower is ahead), synchronisation (DIFF, TRUNC or SNAP per learner,
 * then NEWLEADER, and UPTODATE once a quorum acked it), then broadcast (proposals committed in
 * order once a quorum logged them). Every input returns the actions for the host; a
 * {@link StepDown} ends the term and the object is discarded.
 */
public final class LeaderProtocol {
    private enum Phase { DISCOVERY, SYNC, BROADCAST, STOPPED }

    private enum LinkState { HELLO, EPOCH, ACKEPOCH, WAIT_FOR_EPOCH_QUORUM, NEWLEADER_SENT, WAIT_FOR_QUORUM, UP_TO_DATE }

    private static final class Link {
        final long id;
        long sid = -1;
        boolean observer;
        LinkState state = LinkState.HELLO;
        long peerLastZxid;
        long lastHeard;

        Link(long id, long now) {
            this.id = id;
            this.lastHeard = now;
        }

        boolean synced() {
            return state == LinkState.WAIT_FOR_QUORUM || state == LinkState.UP_TO_DATE;
        }
    }

    private static final class Outstanding {
        final Txn txn;
        final Set<Long> acks = new HashSet<>();

        Outstanding(Txn txn) {
            this.txn = txn;
        }
    }

    private final QuorumView quorum;
    private final QuorumTiming timing;
    private final long acceptedEpochAtStart;
    private final long currentEpochAtStart;
    private final History history;
    private final long lastZxidAtStart;
    private final Map<Long, Link> links = new LinkedHashMap<>();
    private final Set<Long> connecting = new HashSet<>();
    private final Set<Long> electing = new HashSet<>();
    private final Set<Long> newLeaderAcks = new HashSet<>();
    private final TreeMap<Long, Outstanding> outstanding = new TreeMap<>();
    private Phase phase = Phase.DISCOVERY;
    private long epoch = -1;
    private long phaseDeadline;
    private long nextPing;
    private long lastProposed;
    private long lastCommitted;
    private boolean epochFixed;
    private long now;
    private List<ZabAction> out = new ArrayList<>();

    public LeaderProtocol(QuorumView quorum, QuorumTiming timing, long acceptedEpoch, long currentEpoch,
            History history) {
        this.quorum = quorum;
        this.timing = timing;
        this.acceptedEpochAtStart = acceptedEpoch;
        this.currentEpochAtStart = currentEpoch;
        this.history = history;
        this.lastZxidAtStart = history.lastZxid();
        this.lastCommitted = lastZxidAtStart;
    }

    /** Starts discovery with this peer's own accepted epoch counted, as {@code Leader.lead} does. */
    public List<ZabAction> start(long now) {
        this.now = now;
        phaseDeadline = now + timing.initMillis();
        nextPing = now + timing.pingMillis();
        offerEpoch(quorum.myId(), acceptedEpochAtStart);
        return drain();
    }

    public List<ZabAction> linkOpened(long link, long now) {
        this.now = now;
        if (phase != Phase.STOPPED) {
            links.put(link, new Link(link, now));
        }
        return drain();
    }

    public List<ZabAction> linkClosed(long link, long now) {
        this.now = now;
        links.remove(link);
        return drain();
    }

    public List<ZabAction> receive(long linkId, ZabMessage message, long now) {
        this.now = now;
        Link link = links.get(linkId);
        if (link == null || phase == Phase.STOPPED) {
            return drain();
        }
        link.lastHeard = now;
        if (message instanceof LearnerHello hello) {
            onHello(link, hello);
        } else if (message instanceof AckEpoch ack) {
            onAckEpoch(link, ack);
        } else if (message instanceof Ack ack) {
            onAck(link, ack.zxid());
        } else if (!(message instanceof Ping)) {
            close(link, "unexpected " + message.getClass().getSimpleName() + " from a learner");
        }
        return drain();
    }

    /** The leader's own log has everything through {@code zxid} on disk: its own ack. */
    public List<ZabAction> logged(long zxid, long now) {
        this.now = now;
        if (phase == Phase.BROADCAST) {
            for (Outstanding p : outstanding.headMap(zxid, true).values()) {
                p.acks.add(quorum.myId());
            }
            commitReady();
        }
        return drain();
    }

    /**
     * Proposes a txn; its zxid is the next of this epoch. Only an established leader proposes.
     * A counter about to roll over ends the term instead, as ZooKeeper forces a new epoch.
     */
    public List<ZabAction> propose(byte[] data, long now) {
        this.now = now;
        if (phase != Phase.BROADCAST) {
            throw new IllegalStateException("not an established leader");
        }
        if (Zxid.counter(lastProposed) >= 0xfffffffeL) {
            stepDown("zxid counter rolls over, a new epoch is needed");
            return drain();
        }
        Txn txn = new Txn(lastProposed + 1, data);
        lastProposed = txn.zxid();
        outstanding.put(txn.zxid(), new Outstanding(txn));
        out.add(new Append(txn));
        for (Link link : links.values()) {
            if (!link.observer && link.state.compareTo(LinkState.NEWLEADER_SENT) >= 0) {
                out.add(new Send(link.id, new Proposal(txn)));
            }
        }
        return drain();
    }

    public List<ZabAction> tick(long now) {
        this.now = now;
        if (phase == Phase.STOPPED) {
            return drain();
        }
        if (phase != Phase.BROADCAST && now >= phaseDeadline) {
            stepDown(phase == Phase.DISCOVERY
                    ? "no quorum of followers within initLimit (epoch proposal or epoch acks)"
                    : "NEWLEADER not acked by a quorum within initLimit");
            return drain();
        }
        for (Link link : List.copyOf(links.values())) {
            long limit = link.synced() ? timing.syncMillis() : timing.initMillis();
            if (now - link.lastHeard > limit) {
                close(link, "learner silent for " + (now - link.lastHeard) + " ms");
            }
        }
        if (phase == Phase.BROADCAST) {
            Set<Long> synced = new HashSet<>();
            synced.add(quorum.myId());
            links.values().stream().filter(Link::synced).forEach(l -> synced.add(l.sid));
            if (!quorum.isQuorum(synced)) {
                stepDown("not enough followers synced, only " + synced);
                return drain();
            }
        }
        if (now >= nextPing) {
            nextPing = now + timing.pingMillis();
            for (Link link : links.values()) {
                if (link.synced()) {
                    out.add(new Send(link.id, new Ping()));
                }
            }
        }
        return drain();
    }

    /** Learners connected, and of them the followers and observers synced with this term. */
    public record Learners(int connected, int syncedFollowers, int syncedObservers) {
    }

    public Learners learners() {
        int followers = 0;
        int observers = 0;
        for (Link link : links.values()) {
            if (link.synced()) {
                if (link.observer) {
                    observers++;
                } else {
                    followers++;
                }
            }
        }
        return new Learners(links.size(), followers, observers);
    }

    public boolean established() {
        return phase == Phase.BROADCAST;
    }

    public boolean stopped() {
        return phase == Phase.STOPPED;
    }

    /** The epoch this term leads, -1 until a quorum fixed it. */
    public long epoch() {
        return phase == Phase.DISCOVERY ? -1 : epoch;
    }

    public long lastCommitted() {
        return lastCommitted;
    }

    private void onHello(Link link, LearnerHello hello) {
        if (link.state != LinkState.HELLO) {
            close(link, "second FOLLOWERINFO on one link");
            return;
        }
        if (!quorum.isVoter(hello.sid()) && !quorum.observers().contains(hello.sid())) {
            close(link, "sid " + hello.sid() + " is not a member");
            return;
        }
        // A learner has one link; an older one from the same sid is a connection it gave up on.
        for (Link other : List.copyOf(links.values())) {
            if (other != link && other.sid == hello.sid()) {
                close(other, "sid " + hello.sid() + " connected again");
            }
        }
        link.sid = hello.sid();
        link.observer = hello.observer() || !quorum.isVoter(hello.sid());
        link.state = LinkState.EPOCH;
        offerEpoch(hello.sid(), hello.acceptedEpoch());
    }

    /** {@code Leader.getEpochToPropose}: the new epoch is one above every accepted epoch heard. */
    private void offerEpoch(long sid, long acceptedEpoch) {
        if (phase == Phase.DISCOVERY && !epochFixed) {
            epoch = Math.max(epoch, acceptedEpoch + 1);
            if (quorum.isVoter(sid)) {
                connecting.add(sid);
            }
            if (connecting.contains(quorum.myId()) && quorum.isQuorum(connecting)) {
                out.add(new PersistAcceptedEpoch(epoch));
                lastProposed = Zxid.of(epoch, 0);
                epochFixed = true;
            }
        }
        if (epochFixed) {
            for (Link link : links.values()) {
                if (link.state == LinkState.EPOCH) {
                    link.state = LinkState.ACKEPOCH;
                    out.add(new Send(link.id, new LeaderInfo(epoch)));
                }
            }
            if (!electing.contains(quorum.myId())) {
                onEpochAck(quorum.myId(), currentEpochAtStart, lastZxidAtStart);
            }
        }
    }

    private void onAckEpoch(Link link, AckEpoch ack) {
        if (link.state != LinkState.ACKEPOCH) {
            close(link, "ACKEPOCH out of turn");
            return;
        }
        link.peerLastZxid = ack.lastZxid();
        link.state = LinkState.WAIT_FOR_EPOCH_QUORUM;
        onEpochAck(link.sid, ack.currentEpoch(), ack.lastZxid());
    }

    /**
     * {@code Leader.waitForEpochAck}: a follower whose (current epoch, last zxid) is newer than
     * ours proves this peer should not lead. A learner that had accepted the epoch already
     * (current epoch -1) is not counted.
     */
    private void onEpochAck(long sid, long peerCurrentEpoch, long peerLastZxid) {
        if (phase == Phase.DISCOVERY) {
            if (peerCurrentEpoch != -1) {
                if (peerCurrentEpoch > currentEpochAtStart
                        || (peerCurrentEpoch == currentEpochAtStart && peerLastZxid > lastZxidAtStart)) {
                    stepDown("follower " + sid + " is ahead of the leader: epoch " + peerCurrentEpoch
                            + ", last zxid " + Zxid.hex(peerLastZxid));
                    return;
                }
                if (peerLastZxid != -1 && quorum.isVoter(sid)) {
                    electing.add(sid);
                }
            }
            if (electing.contains(quorum.myId()) && quorum.isQuorum(electing)) {
                phase = Phase.SYNC;
                phaseDeadline = now + timing.initMillis();
                out.add(new PersistCurrentEpoch(epoch));
                newLeaderAcks.add(quorum.myId());
                checkNewLeaderQuorum();
            }
        }
        if (phase == Phase.SYNC || phase == Phase.BROADCAST) {
            for (Link link : links.values()) {
                if (link.state == LinkState.WAIT_FOR_EPOCH_QUORUM) {
                    sync(link);
                }
            }
        }
    }

    /**
     * {@code LearnerHandler.syncFollower} then {@code startForwarding}: bring the learner's log to
     * what is committed, then queue what is proposed and not yet committed (to participants),
     * then NEWLEADER; from then on the learner gets every new proposal.
     */
    private void sync(Link link) {
        long peer = link.peerLastZxid;
        long committed = lastCommitted;
        if (peer == committed) {
            send(link, new Diff(committed));
        } else if (peer > committed) {
            send(link, new Trunc(committed));
        } else if (history.contains(peer) || peer >= history.oldestZxid()) {
            if (history.contains(peer)) {
                send(link, new Diff(committed));
            } else {
                // The learner has a txn the leader never had: cut it back to the last zxid they
                // share, then send the difference (ZooKeeper's TRUNC+DIFF).
                peer = history.before(peer);
                send(link, new Trunc(peer));
            }
            for (Txn txn : history.between(peer, committed)) {
                send(link, new Proposal(txn));
                send(link, new Commit(txn.zxid()));
            }
        } else {
            send(link, new Snap(committed));
        }
        if (!link.observer) {
            for (Outstanding p : outstanding.values()) {
                send(link, new Proposal(p.txn));
            }
        }
        send(link, new NewLeader(Zxid.of(epoch, 0)));
        link.state = LinkState.NEWLEADER_SENT;
    }

    private void onAck(Link link, long zxid) {
        if (link.state == LinkState.NEWLEADER_SENT) {
            if (zxid != Zxid.of(epoch, 0)) {
                close(link, "expected the ACK of NEWLEADER, got " + Zxid.hex(zxid));
                return;
            }
            link.state = LinkState.WAIT_FOR_QUORUM;
            if (phase == Phase.SYNC) {
                if (!link.observer) {
                    newLeaderAcks.add(link.sid);
                }
                checkNewLeaderQuorum();
            } else {
                upToDate(link);
            }
            return;
        }
        if (link.state != LinkState.UP_TO_DATE && link.state != LinkState.WAIT_FOR_QUORUM) {
            close(link, "ACK out of turn");
            return;
        }
        // ZooKeeper's processAck: the ACK after UPTODATE (counter 0), acks of what is already
        // committed, and acks from observers count for nothing.
        if (link.observer || Zxid.counter(zxid) == 0 || zxid <= lastCommitted) {
            return;
        }
        Outstanding p = outstanding.get(zxid);
        if (p != null) {
            p.acks.add(link.sid);
            commitReady();
        }
    }

    private void checkNewLeaderQuorum() {
        if (phase == Phase.SYNC && quorum.isQuorum(newLeaderAcks)) {
            phase = Phase.BROADCAST;
            out.add(new Serve(epoch));
            for (Link link : links.values()) {
                if (link.state == LinkState.WAIT_FOR_QUORUM) {
                    upToDate(link);
                }
            }
        }
    }

    private void upToDate(Link link) {
        link.state = LinkState.UP_TO_DATE;
        send(link, new UpToDate());
    }

    /** {@code Leader.tryToCommit}: strictly in zxid order, each once a quorum logged it. */
    private void commitReady() {
        while (!outstanding.isEmpty()) {
            Outstanding first = outstanding.firstEntry().getValue();
            if (!quorum.isQuorum(first.acks)) {
                return;
            }
            outstanding.pollFirstEntry();
            lastCommitted = first.txn.zxid();
            for (Link link : links.values()) {
                if (link.state.compareTo(LinkState.NEWLEADER_SENT) >= 0) {
                    send(link, link.observer ? new Inform(first.txn) : new Commit(first.txn.zxid()));
                }
            }
            out.add(new Apply(first.txn));
        }
    }

    private void send(Link link, ZabMessage message) {
        out.add(new Send(link.id, message));
    }

    private void close(Link link, String reason) {
        links.remove(link.id);
        out.add(new CloseLink(link.id, reason));
    }

    private void stepDown(String reason) {
        phase = Phase.STOPPED;
        for (Link link : List.copyOf(links.values())) {
            close(link, "leader stepping down");
        }
        out.add(new StepDown(reason));
    }

    private List<ZabAction> drain() {
        List<ZabAction> actions = out;
        out = new ArrayList<>();
        return actions;
    }
}
