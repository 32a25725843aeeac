package io.paddock.quorum.zab;

/**
 * What leader and learner say to each other on a quorum link, by meaning rather than bytes
 * (the codec maps each to its {@code QuorumPacket}, protocol.md section 17). A link is FIFO
 * and reliable until it breaks, as a TCP connection is; the protocol counts on that.
 */
public sealed interface ZabMessage {
    /** FOLLOWERINFO or OBSERVERINFO: the learner's sid and accepted epoch. */
    record LearnerHello(long sid, long acceptedEpoch, boolean observer) implements ZabMessage {}

    /** LEADERINFO: the epoch the leader proposes. */
    record LeaderInfo(long newEpoch) implements ZabMessage {}

    /** ACKEPOCH: the learner's last logged zxid and its current epoch, -1 when it had accepted the epoch before. */
    record AckEpoch(long lastZxid, long currentEpoch) implements ZabMessage {}

    /** DIFF: the proposals and commits that follow bring the learner's log to {@code zxid}. */
    record Diff(long zxid) implements ZabMessage {}

    /** TRUNC: the learner drops its log after {@code zxid}; a DIFF's proposals may follow. */
    record Trunc(long zxid) implements ZabMessage {}

    /** SNAP: a snapshot at {@code zxid} follows on the link (the host carries its bytes). */
    record Snap(long zxid) implements ZabMessage {}

    record Proposal(Txn txn) implements ZabMessage {}

    record Commit(long zxid) implements ZabMessage {}

    /** INFORM: a committed txn, to an observer. */
    record Inform(Txn txn) implements ZabMessage {}

    /** NEWLEADER: the learner's log now matches the leader's; zxid is the new epoch's first. */
    record NewLeader(long zxid) implements ZabMessage {}

    record Ack(long zxid) implements ZabMessage {}

    /** UPTODATE: the leader has a quorum; the learner starts serving. */
    record UpToDate() implements ZabMessage {}

    /** PING both ways; the session activity it carries is the host's business. */
    record Ping() implements ZabMessage {}
}
