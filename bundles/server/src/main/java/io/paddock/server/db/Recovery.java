package io.paddock.server.db;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import io.paddock.server.tree.DataTree;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the database at start: the newest valid snapshot, then every logged txn after it
 * (protocol.md section 16.5). A new data directory gets {@code snapshot.0} of the empty tree, as
 * ZooKeeper writes it, so that a log never exists without a snapshot below it.
 *
 * <p>Digests are checked as ZooKeeper checks them (section 16.6): the snapshot's own once replay
 * reaches its zxid, and each logged txn's after that (before it, the fuzzy snapshot already holds
 * some of the txns being replayed, so the tree cannot match). A mismatch is logged, never fatal.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    /** Loads {@code db} from {@code storage}; returns the last zxid applied. */
    public static long recover(Database db, Storage storage) throws IOException {
        Database.Loader loader = db.loader();
        OptionalLong snapshot = storage.snapshots().loadNewest(loader);
        long from;
        if (snapshot.isPresent()) {
            from = snapshot.getAsLong();
            loader.finish(from);
        } else if (storage.txnLog().lastZxid() > 0) {
            throw new IOException("the txn log reaches zxid 0x" + Long.toHexString(storage.txnLog().lastZxid())
                    + " but there is no valid snapshot to replay it over; refusing to start rather than lose data");
        } else {
            from = 0;
            storage.snapshots().write(0, db.snapshotView());
        }
        ZxidDigest pending = loader.snapshotDigest();
        if (pending != null && pending.zxid() <= from) {
            pending = check(db, pending);
        }
        long count = 0;
        long mismatches = 0;
        long previous = from;
        try (TxnReader reader = storage.txnLog().readAfter(from)) {
            for (TxnEntry e = reader.next(); e != null; e = reader.next()) {
                refuseGap(previous, e.zxid());
                previous = e.zxid();
                db.apply(e);
                count++;
                if (pending != null) {
                    if (e.zxid() >= pending.zxid()) {
                        pending = check(db, pending);
                    }
                } else if (e.digest() != null && e.digest().version() == DataTree.DIGEST_VERSION
                        && e.digest().treeDigest() != db.tree().digest()) {
                    if (mismatches++ == 0) {
                        LOG.warn("tree digest mismatch after txn {}: logged {}, replayed {}", Zxid.hex(e.zxid()),
                                e.digest().treeDigest(), db.tree().digest());
                    }
                }
            }
        }
        if (pending != null) {
            LOG.warn("the log ends at {}, before {}, the zxid of the snapshot's digest: txns the snapshot"
                    + " already holds are missing from the log", Zxid.hex(db.lastProcessedZxid()), Zxid.hex(pending.zxid()));
        }
        refuseLostSnapshot(storage, db.lastProcessedZxid());
        if (mismatches > 0) {
            LOG.warn("{} replayed txns left a tree digest other than the one logged with them", mismatches);
        }
        LOG.info("loaded snapshot 0x{} and replayed {} txns; last zxid 0x{}, {} nodes, {} sessions",
                Long.toHexString(from), count, Long.toHexString(db.lastProcessedZxid()), db.tree().nodeCount(),
                db.sessions().size());
        return db.lastProcessedZxid();
    }

    /**
     * Within an epoch zxids follow each other without holes; a hole means a log file is missing
     * (deleted, or purged for a snapshot that is now damaged), and with it acknowledged txns.
     */
    private static void refuseGap(long previous, long zxid) throws IOException {
        if (Zxid.epoch(zxid) == Zxid.epoch(previous) && zxid > previous + 1) {
            throw new IOException("the txn log jumps from " + Zxid.hex(previous) + " to " + Zxid.hex(zxid)
                    + ": the txns between are missing (a log file removed, or purged for a snapshot that is now"
                    + " damaged); refusing to start rather than lose them");
        }
    }

    /**
     * A snapshot names the last txn applied when it began, so the log always reaches past it. A
     * damaged snapshot beyond where the log ends held txns that are nowhere else.
     */
    private static void refuseLostSnapshot(Storage storage, long lastZxid) throws IOException {
        List<Long> snapshots = storage.snapshots().list();
        if (!snapshots.isEmpty() && snapshots.get(0) > lastZxid) {
            throw new IOException("snapshot " + Zxid.hex(snapshots.get(0)) + " could not be loaded and the txn log"
                    + " ends at " + Zxid.hex(lastZxid) + ", before it: the txns in between would be lost. Refusing to"
                    + " start; restore the snapshot, or move it away to start without them");
        }
    }

    /** Compares the snapshot's digest with the tree's; returns null, as the check is done. */
    private static ZxidDigest check(Database db, ZxidDigest expected) {
        long actual = db.tree().digest();
        if (expected.version() != DataTree.DIGEST_VERSION) {
            LOG.info("the snapshot's digest is of version {}; not comparing it", expected.version());
        } else if (actual != expected.digest()) {
            LOG.warn("tree digest mismatch at {}: the snapshot says {}, the replayed tree has {}",
                    Zxid.hex(expected.zxid()), expected.digest(), actual);
        } else {
            LOG.debug("tree digest at {} matches the snapshot's", Zxid.hex(expected.zxid()));
        }
        return null;
    }
}
