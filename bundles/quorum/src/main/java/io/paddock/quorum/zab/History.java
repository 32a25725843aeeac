package io.paddock.quorum.zab;

import java.util.List;

/**
 * The leader's txn log as its learners are synced from: everything it has appended, this
 * term's proposals included, whether or not yet on disk. Entries older than
 * {@link #oldestZxid()} are only in a snapshot (purged, or the log began with a snapshot
 * from a leader), so a learner further behind gets a snapshot.
 */
public interface History {
    /** The zxid of the last entry, 0 for none. */
    long lastZxid();

    /** The zxid of the oldest entry still in the log, or {@link #lastZxid()} + 1 when empty. */
    long oldestZxid();

    /** True when the log holds an entry with exactly this zxid. */
    boolean contains(long zxid);

    /** The entries with a zxid above {@code zxid} and at most {@code through}, in order. */
    List<Txn> between(long zxid, long through);

    /** The largest zxid in the log below {@code zxid}, or 0 when there is none. */
    long before(long zxid);
}
