package io.paddock.api.election;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One peer's side of leader election as a state machine: it takes messages and the time,
 * sends through its {@link Outbox}, and does no I/O and reads no clock of its own. Calls come
 * from one thread.
 */
public interface Election {
    /**
     * Starts looking for a leader in a new round, proposing {@code proposal} (usually this peer
     * with its last logged zxid and current epoch); {@link #decision()} is empty until it ends.
     */
    void startLooking(Vote proposal, long nowMillis);

    /** A message from peer {@code from} on the election port. */
    void receive(long from, ByteBuffer message, long nowMillis);

    /** Time has passed: resend notifications, or decide once the finalize wait is over. */
    void tick(long nowMillis);

    /**
     * The vote looking ended with (its state says whether this peer leads, follows or
     * observes), or empty while still looking. After a decision the election keeps answering
     * peers that look, with this vote, until the next {@link #startLooking}.
     */
    Optional<Vote> decision();

    /**
     * The peer has synced with its leader, whose epoch is {@code peerEpoch}: from now on peers
     * that look hear this epoch in this peer's vote, so every member reports the same vote as
     * the leader does (ZooKeeper's {@code updateElectionVote}, ZOOKEEPER-1732). Without it, a
     * peer that decided in one round and then joined the leader's next term reports an older
     * epoch than the others, and a peer looking later never sees a quorum agree. Ignored while
     * looking.
     */
    void updatePeerEpoch(long peerEpoch);

    /** The earliest time at which {@link #tick} may do something, for the caller's timer. */
    long nextTickMillis();
}
