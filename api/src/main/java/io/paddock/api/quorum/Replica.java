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
 * committed txns it applies. The role's protocol (ZAB) decides what is logged and committed; the
 * server's request processors (sync, final) do it. How clients are served in a role is
 * {@link ClientService}'s business. One role at a time uses a replica, from threads of its own.
 */
public interface Replica {
    /**
     * Shows the quorum's membership in {@code /zookeeper/config} (its text as {@link
     * QuorumView#configText()} gives it), now and whenever the database is reloaded or replaced,
     * as ZooKeeper shows its own configuration rather than a leader's. Called before any role.
     */
    void showConfig(String configText, long version);

    /** The accepted and current epoch, written before the role goes on (ZAB's crash windows). */
    QuorumEpochs epochs();

    /** The zxid of the last txn in the log, durable or not yet: what the peer votes with. */
    long lastLoggedZxid();

    /**
     * Brings the database up to the log, as ZooKeeper's {@code fastForwardDataBase} does when a
     * role ends: a term may end with proposals logged but never committed here, and every role
     * starts from a database that holds the whole log (its protocol counts on it). Returns once
     * they are applied.
     */
    void applyLogged() throws IOException;

    /** The zxid of the last txn applied to the database. */
    long lastProcessedZxid();

    /**
     * The zxid from which the log is this replica's history: that of the snapshot its database was
     * loaded from or a leader's snapshot installed. Entries at or before it may belong to a
     * history the snapshot superseded, so a learner behind it is sent a snapshot, not a DIFF.
     */
    long historyStart();

    /**
     * The logged txns after {@code zxid}, which is at least {@link #historyStart()}, in order, as a
     * leader sends them in a DIFF. The reader sees at least every txn durable when it was opened.
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
}
