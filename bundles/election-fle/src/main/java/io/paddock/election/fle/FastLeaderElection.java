package io.paddock.election.fle;

import io.paddock.api.election.Election;
import io.paddock.api.election.Outbox;
import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import io.paddock.api.quorum.QuorumView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper 3.9.3's fast leader election for one peer, as a state machine (protocol.md section
 * 17): {@code FastLeaderElection.lookForLeader} and the replies of its {@code WorkerReceiver},
 * with the receive queue replaced by {@link #receive} and the queue's poll timeouts replaced by
 * {@link #tick} at {@link #nextTickMillis}.
 *
 * <p>The round ({@code logicalclock}) lives as long as this object and grows by one on each
 * {@link #startLooking}. While looking, notifications from voters update the proposal and the
 * votes seen; a quorum for our own proposal opens a finalize wait of {@link
 * #FINALIZE_WAIT_MILLIS}, which a better vote cancels and any other notification restarts, as
 * ZooKeeper's inner poll loop does. A quorum of peers that follow or lead a leader which itself
 * says it leads ends looking at once. Notifications from non-voters are answered and never
 * counted.
 */
public final class FastLeaderElection implements Election {
    /** ZooKeeper's {@code finalizeWait}, also the first notification timeout. */
    public static final long FINALIZE_WAIT_MILLIS = 200;
    /** ZooKeeper's default {@code zookeeper.fastleader.maxNotificationInterval}. */
    public static final long MAX_NOTIFICATION_INTERVAL_MILLIS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(FastLeaderElection.class);
    /** ZooKeeper's initial id, zxid and epoch for a peer that does not vote. */
    private static final long NOT_A_CANDIDATE = Long.MIN_VALUE;
    /** A zxid ZooKeeper refuses to take part in a LOOKING exchange with. */
    private static final long UNKNOWN_ZXID = -1;

    private final QuorumView quorum;
    private final Outbox outbox;
    private final VoteOrder order;

    /** ZooKeeper's {@code logicalclock}: the round, kept across elections. */
    private long logicalClock;
    private boolean started;
    /** What {@code lookForLeader} started from: the given vote, or nobody for a non-voter. */
    private Vote initialVote;
    /** ZooKeeper's {@code proposedLeader, proposedZxid, proposedEpoch}; state and round are unused. */
    private Vote proposal;
    /**
     * QuorumPeer's {@code currentVote}: the first proposal until an election ends, then each
     * decision. Non-voters get it back whatever our state, as in ZooKeeper.
     */
    private Vote currentVote;
    private Vote decision;
    /** Votes of this round, by sender (ZooKeeper's {@code recvset}). */
    private final Map<Long, Ballot> recvSet = new HashMap<>();
    /** FOLLOWING and LEADING votes of any round, by sender (ZooKeeper's {@code outofelection}). */
    private final Map<Long, Ballot> outOfElection = new HashMap<>();
    private long notificationTimeout;
    /** When the outer poll of {@code lookForLeader} last started waiting. */
    private long pollStartedAt;
    private boolean finalizing;
    private long finalizeDeadline;

    public FastLeaderElection(QuorumView quorum, Outbox outbox, VoteOrder order) {
        this.quorum = Objects.requireNonNull(quorum, "quorum");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.order = Objects.requireNonNull(order, "order");
    }

    /** The round this peer is in (ZooKeeper's {@code logicalclock}). */
    public long round() {
        return logicalClock;
    }

    /** The vote this peer proposes while looking (ZooKeeper's {@code getVote()}). */
    public Optional<Vote> proposal() {
        return Optional.ofNullable(proposal);
    }

    @Override
    public void startLooking(Vote proposal, long nowMillis) {
        Objects.requireNonNull(proposal, "proposal");
        if (!started) {
            currentVote = proposal;
            started = true;
        }
        logicalClock++;
        // A peer that does not vote proposes nobody and loses every comparison (getInitId,
        // getInitLastLoggedZxid and getPeerEpoch give Long.MIN_VALUE to non-participants).
        initialVote = quorum.isVoter(quorum.myId())
                ? proposal
                : new Vote(NOT_A_CANDIDATE, NOT_A_CANDIDATE, logicalClock, NOT_A_CANDIDATE, PeerState.LOOKING);
        this.proposal = initialVote;
        decision = null;
        recvSet.clear();
        outOfElection.clear();
        finalizing = false;
        notificationTimeout = FINALIZE_WAIT_MILLIS;
        pollStartedAt = nowMillis;
        log.info("new election: my id {}, round {}, proposing {} with zxid 0x{}",
                quorum.myId(), logicalClock, this.proposal.leader(), Long.toHexString(this.proposal.zxid()));
        sendNotifications();
    }

    @Override
    public void receive(long from, ByteBuffer message, long nowMillis) {
        if (!started) {
            log.debug("dropped an election message from {}: not looking yet", from);
            return;
        }
        Notification n;
        try {
            byte[] bytes = new byte[message.remaining()];
            message.duplicate().get(bytes);
            n = Notification.decode(bytes);
        } catch (RuntimeException e) {
            log.debug("dropped an undecodable election message from {}", from, e);
            return;
        }
        // Our own config is the only one we run with: the config in a version-2 notification is
        // ignored, as no dynamic reconfiguration is supported.
        if (!quorum.isVoter(from)) {
            // WorkerReceiver answers a non-voter right away with the current vote, whatever our state.
            send(from, new Vote(currentVote.leader(), currentVote.zxid(), logicalClock, currentVote.peerEpoch(),
                    state()));
            return;
        }
        if (decision == null) {
            // Deliberately unlike 3.9.3, a non-voter does not send its notification back to a
            // voter in an older round: the voter never counts it and answers every non-voter's
            // message at once, so the two would bounce messages as fast as the network carries
            // them until the voter's round catches up.
            if (n.state() == PeerState.LOOKING && n.electionEpoch() < logicalClock && quorum.isVoter(quorum.myId())) {
                send(from, lookingVote());
            }
            lookForLeader(from, n, nowMillis);
        } else if (n.state() == PeerState.LOOKING) {
            send(from, decision);
        }
    }

    @Override
    public void tick(long nowMillis) {
        if (!started || decision != null) {
            return;
        }
        if (finalizing) {
            if (nowMillis >= finalizeDeadline) {
                decide(proposal.leader(), proposal.zxid(), logicalClock, proposal.peerEpoch());
            }
            return;
        }
        if (nowMillis >= pollStartedAt + notificationTimeout) {
            // ZooKeeper reconnects instead when nothing was delivered; our outbox is the
            // connection manager's business, so we always resend.
            sendNotifications();
            notificationTimeout = Math.min(notificationTimeout * 2, MAX_NOTIFICATION_INTERVAL_MILLIS);
            pollStartedAt = nowMillis;
            log.info("notification timeout: {} ms", notificationTimeout);
        }
    }

    @Override
    public void updatePeerEpoch(long peerEpoch) {
        if (decision != null) {
            decision = new Vote(decision.leader(), decision.zxid(), decision.electionEpoch(), peerEpoch,
                    decision.state());
            currentVote = decision;
        }
    }

    @Override
    public Optional<Vote> decision() {
        return Optional.ofNullable(decision);
    }

    @Override
    public long nextTickMillis() {
        if (!started || decision != null) {
            return Long.MAX_VALUE;
        }
        return finalizing ? finalizeDeadline : pollStartedAt + notificationTimeout;
    }

    /** One notification from a voter, taken off the queue by {@code lookForLeader}. */
    private void lookForLeader(long from, Notification n, long nowMillis) {
        if (finalizing) {
            // The finalize wait reads on until the queue stays quiet for finalizeWait; a better
            // vote goes back to the main loop, anything else is dropped unrecorded.
            if (!order.beats(n.vote(), proposal)) {
                finalizeDeadline = nowMillis + FINALIZE_WAIT_MILLIS;
                return;
            }
            finalizing = false;
        }
        pollStartedAt = nowMillis;
        if (!quorum.isVoter(n.leader())) {
            log.debug("ignored a notification from {} for non-voter {}", from, n.leader());
            return;
        }
        switch (n.state()) {
            case LOOKING -> looking(from, n, nowMillis);
            case FOLLOWING, LEADING -> settled(from, n);
            case OBSERVING -> log.debug("ignored a notification from observer {}", from);
        }
    }

    private void looking(long from, Notification n, long nowMillis) {
        if (initialVote.zxid() == UNKNOWN_ZXID || n.zxid() == UNKNOWN_ZXID) {
            log.debug("ignored a LOOKING notification from {}: a zxid is -1", from);
            return;
        }
        Vote theirs = n.vote();
        if (n.electionEpoch() > logicalClock) {
            logicalClock = n.electionEpoch();
            recvSet.clear();
            // A newer round starts over from our own vote, not the one we had in the old round.
            proposal = order.beats(theirs, initialVote) ? theirs : initialVote;
            sendNotifications();
        } else if (n.electionEpoch() < logicalClock) {
            log.debug("ignored a notification from {} of round {}, ours is {}", from, n.electionEpoch(),
                    logicalClock);
            return;
        } else if (order.beats(theirs, proposal)) {
            proposal = theirs;
            sendNotifications();
        }
        recvSet.put(from, new Ballot(theirs, 0));
        Ballot ours = new Ballot(new Vote(proposal.leader(), proposal.zxid(), logicalClock, proposal.peerEpoch(),
                PeerState.LOOKING), 0);
        if (hasQuorum(recvSet, ours)) {
            finalizing = true;
            finalizeDeadline = nowMillis + FINALIZE_WAIT_MILLIS;
        }
    }

    private void settled(long from, Notification n) {
        Ballot theirs = new Ballot(n.vote(), n.version());
        if (n.electionEpoch() == logicalClock) {
            // ZooKeeper records these with version 0 while the vote they are counted against
            // keeps the sender's version, so a modern peer's settled votes match on leader alone.
            recvSet.put(from, new Ballot(n.vote(), 0));
            if (hasQuorum(recvSet, theirs) && leaderConfirmed(recvSet, n.leader(), n.electionEpoch())) {
                decide(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch());
                return;
            }
        }
        // A late joiner learns an established leader from the peers already following it
        // (ZOOKEEPER-1732: this map holds votes of the current round too).
        outOfElection.put(from, theirs);
        if (hasQuorum(outOfElection, theirs) && leaderConfirmed(outOfElection, n.leader(), n.electionEpoch())) {
            logicalClock = n.electionEpoch();
            decide(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch());
        }
    }

    private boolean hasQuorum(Map<Long, Ballot> votes, Ballot target) {
        Set<Long> acks = votes.entrySet().stream()
                .filter(e -> e.getValue().sameAs(target))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        return quorum.isQuorum(acks);
    }

    /**
     * ZooKeeper's {@code checkLeader}: a quorum for another peer counts only once that peer says
     * it leads, so a crashed leader is not elected over and over; a quorum for us counts only
     * in our own round.
     */
    private boolean leaderConfirmed(Map<Long, Ballot> votes, long leader, long electionEpoch) {
        if (leader != quorum.myId()) {
            Ballot leaders = votes.get(leader);
            return leaders != null && leaders.vote().state() == PeerState.LEADING;
        }
        return logicalClock == electionEpoch;
    }

    private void decide(long leader, long zxid, long electionEpoch, long peerEpoch) {
        PeerState state;
        if (leader == quorum.myId()) {
            state = PeerState.LEADING;
        } else {
            state = quorum.isVoter(quorum.myId()) ? PeerState.FOLLOWING : PeerState.OBSERVING;
        }
        decision = new Vote(leader, zxid, electionEpoch, peerEpoch, state);
        currentVote = decision;
        finalizing = false;
        recvSet.clear();
        outOfElection.clear();
        log.info("election over: my id {} is {} leader {} (zxid 0x{}, round {})", quorum.myId(), state, leader,
                Long.toHexString(zxid), electionEpoch);
    }

    private PeerState state() {
        return decision == null ? PeerState.LOOKING : decision.state();
    }

    private Vote lookingVote() {
        return new Vote(proposal.leader(), proposal.zxid(), logicalClock, proposal.peerEpoch(), PeerState.LOOKING);
    }

    /** To every voter, ourselves included when we vote: our own vote is delivered back to us. */
    private void sendNotifications() {
        Vote vote = lookingVote();
        for (long sid : quorum.voters()) {
            send(sid, vote);
        }
    }

    private void send(long sid, Vote vote) {
        outbox.send(sid, ByteBuffer.wrap(Notification.of(vote, configText()).encode()));
    }

    /** ZooKeeper sends its whole {@code QuorumVerifier.toString()}, the members and the version. */
    private byte[] configText() {
        return quorum.configText().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A vote with the message version it came in, compared as ZooKeeper's {@code Vote.equals}:
     * while either side is LOOKING all of leader, zxid, round and peerEpoch must match; between
     * settled votes only the leader and peerEpoch, or the leader alone when exactly one side has
     * version 0 (a mixed ensemble around ZOOKEEPER-1732).
     */
    private record Ballot(Vote vote, int version) {
        boolean sameAs(Ballot other) {
            Vote a = vote;
            Vote b = other.vote;
            if (a.state() == PeerState.LOOKING || b.state() == PeerState.LOOKING) {
                return a.leader() == b.leader() && a.zxid() == b.zxid()
                        && a.electionEpoch() == b.electionEpoch() && a.peerEpoch() == b.peerEpoch();
            }
            if ((version > 0) != (other.version > 0)) {
                return a.leader() == b.leader();
            }
            return a.leader() == b.leader() && a.peerEpoch() == b.peerEpoch();
        }
    }
}
