package io.paddock.api.quorum;

import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnEntry;
import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * The server's database as a quorum role replicates it, implemented by the server: its durable
 * state, the log and snapshots a leader syncs learners from and a learner is synced into, the
 * committed txns it applies, and the gate between its clients and the role. The role's protocol
 * (ZAB) decides what is logged, committed and served; the server's request processors (prep,
 * sync, commit, final) do it. One role at a time uses a replica, from threads of its own.
 */
public interface Replica {
    /** The accepted and current epoch, written before the role goes on (ZAB's crash windows). */
    QuorumEpochs epochs();

    /** The zxid of the last txn in the log, durable or not yet: what the peer votes with. */
    long lastLoggedZxid();

    /** The zxid of the last txn applied to the database. */
    long lastProcessedZxid();

    /**
     * The txns of this replica's history after {@code zxid}, in order, as a leader sends them in
     * a DIFF: the log's entries that a restart would replay, never ones a snapshot from an
     * earlier leader has superseded.
     */
    TxnReader readLog(long zxid) throws IOException;

    /**
     * A fuzzy view of the database for a SNAP: it reads the live tree while txns go on, so it
     * holds at least every txn applied when it was taken ({@link #lastProcessedZxid()} read
     * before), and maybe some after, which replaying them again leaves unchanged.
     */
    SnapshotData snapshotView();

    /**
     * Starts replacing the database by a snapshot at {@code zxid} that a leader streams: the log
     * is cut after {@code zxid} first, then the loaded snapshot is made durable, so that a crash
     * in between leaves the old history cut at {@code zxid} or the new one, never a mix.
     */
    SnapshotInstall installSnapshot(long zxid) throws IOException;

    /** Drops the log after {@code zxid} (a leader's TRUNC) and reloads the database from what is left. */
    void truncateAfter(long zxid) throws IOException;

    /**
     * Appends a txn to the log. Txns are logged in the order given, in groups with one sync each;
     * {@code durable} hears each txn's zxid once it is on disk, in order. A log that fails ends
     * the role: the server stops rather than acknowledge what it may not hold.
     */
    void log(TxnEntry txn, LongConsumer durable);

    /**
     * Applies a committed txn, in zxid order, after it was {@linkplain #log logged}. If it is
     * the txn of a request a client of this server sent, that client gets its reply now.
     */
    void commit(TxnEntry txn);

    /**
     * Serves clients as the leader of {@code epoch}: their writes go through the prep stage, which
     * numbers them from the epoch's first zxid on and hands each txn to {@code proposer}. Returns
     * the gate the leader's learner handlers pass their learners' traffic through.
     */
    LeaderGate serveAsLeader(long epoch, Proposer proposer);

    /**
     * Serves clients as a follower ({@code observer} false) or observer: reads are answered
     * locally, in order with the session's writes, and writes, syncs and new or moved sessions
     * go to {@code forwarder}. Returns the gate for what the leader answers.
     */
    LearnerGate serveAsLearner(boolean observer, Forwarder forwarder);

    /**
     * Stops serving: every client connection closes (clients reconnect, here or elsewhere, and
     * keep their sessions) and requests still waiting for the role are dropped. The database and
     * the log stay as they are for the next role.
     */
    void stopServing();
}
