package io.paddock.quorum.zab;

/**
 * What a protocol state machine asks its host to do. The host carries out a batch in order,
 * and each action is complete before the next starts, except {@link Append}: the host logs
 * appended txns in order and reports when they are on disk (group commit), through the state
 * machine's {@code logged} input.
 */
public sealed interface ZabAction {
    /** Sends on a link: on the leader, the learner's link id; on a learner, its one link (0). */
    record Send(long link, ZabMessage message) implements ZabAction {}

    /** The leader drops a learner's link. */
    record CloseLink(long link, String reason) implements ZabAction {}

    /** Writes the accepted epoch to disk before anything after it. */
    record PersistAcceptedEpoch(long epoch) implements ZabAction {}

    /** Writes the current epoch to disk before anything after it. */
    record PersistCurrentEpoch(long epoch) implements ZabAction {}

    /** Appends to the txn log; the host calls {@code logged} once it is on disk. */
    record Append(Txn txn) implements ZabAction {}

    /**
     * Drops the log after {@code zxid} and reloads the database from what is left. Appends
     * still pending are written (or dropped) before the cut.
     */
    record Truncate(long zxid) implements ZabAction {}

    /**
     * Installs the snapshot that came with a SNAP as the whole database: the log after
     * {@code zxid} is dropped first, then the snapshot is made durable, so that a crash between
     * leaves either the old history cut at {@code zxid} or the new one, never a mix.
     */
    record InstallSnapshot(long zxid) implements ZabAction {}

    /** Applies a committed txn to the database, in zxid order. */
    record Apply(Txn txn) implements ZabAction {}

    /** The peer may serve clients now: the leader has a quorum, or the learner is up to date. */
    record Serve(long epoch) implements ZabAction {}

    /** The role is over: the peer goes back to looking for a leader. */
    record StepDown(String reason) implements ZabAction {}
}
