package io.paddock.server.db;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnEntry;
import java.io.IOException;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the database at start: the newest valid snapshot, then every logged txn after it
 * (protocol.md section 16.5). A new data directory gets {@code snapshot.0} of the empty tree, as
 * ZooKeeper writes it, so that a log never exists without a snapshot below it.
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
        long count = 0;
        try (TxnReader reader = storage.txnLog().readAfter(from)) {
            for (TxnEntry e = reader.next(); e != null; e = reader.next()) {
                db.apply(e);
                count++;
            }
        }
        LOG.info("loaded snapshot 0x{} and replayed {} txns; last zxid 0x{}, {} nodes, {} sessions",
                Long.toHexString(from), count, Long.toHexString(db.lastProcessedZxid()), db.tree().nodeCount(),
                db.sessions().size());
        return db.lastProcessedZxid();
    }
}
