package io.paddock.storage.rocksdb;

import io.paddock.api.proto.OpCode;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The txn log in the {@code log} column family: one key per entry ({@link Keys}), the value
 * {@link TxnCodec#encode}. Appends collect in memory; {@link #flush()} writes them as one batch
 * with {@code sync} set, so one WAL fsync makes the whole group durable, and a crash keeps all
 * of a batch or none of it.
 *
 * <p>All methods are synchronized; readers page through the column family on their own.
 */
final class RocksDbTxnLog implements TxnLog {
    private static final Logger log = LoggerFactory.getLogger(RocksDbTxnLog.class);

    private record Pending(byte[] key, byte[] payload) {
    }

    private final Database db;
    private final int maxRecordLength;
    /** Appended, not yet written. Kept as bytes: a WriteBatch is bound to column family handles a reopen replaces. */
    private final List<Pending> pending = new ArrayList<>();
    private long lastZxid;
    /** The key number of the last entry: above 0 after error txns that repeated its zxid. */
    private int lastNumber;
    /** The last zxid a flush made durable; entries after it may be discarded by a truncation. */
    private long durableZxid;
    /** Entries written without sync (for a reader) that the next flush must sync. */
    private boolean unsynced;
    /** A write failed: RocksDB refuses writes until reopened, which the next truncation does. */
    private boolean failed;
    private boolean closed;

    private RocksDbTxnLog(Database db, int maxRecordLength, long lastZxid, int lastNumber) {
        this.db = db;
        this.maxRecordLength = maxRecordLength;
        this.lastZxid = lastZxid;
        this.lastNumber = lastNumber;
        this.durableZxid = lastZxid;
    }

    static RocksDbTxnLog open(Database db, int maxRecordLength) throws IOException {
        byte[] last = lastKey(db, Keys.END);
        RocksDbTxnLog txnLog = new RocksDbTxnLog(db, maxRecordLength, last == null ? 0 : Keys.zxid(last),
                last == null ? 0 : Keys.number(last));
        log.info("opened RocksDB txn log: last zxid {}", Zxid.hex(txnLog.lastZxid));
        return txnLog;
    }

    /** The greatest key at or before {@code key}, or null. */
    private static byte[] lastKey(Database db, byte[] key) throws IOException {
        try {
            return db.call(h -> {
                try (RocksIterator it = h.db().newIterator(h.log())) {
                    it.seekForPrev(key);
                    if (it.isValid()) {
                        return it.key();
                    }
                    it.status();
                    return null;
                }
            });
        } catch (RocksDBException e) {
            throw Failures.of("reading the txn log", e);
        }
    }

    @Override
    public synchronized void append(TxnEntry entry) throws IOException {
        ensureOpen();
        long zxid = entry.zxid();
        // An error txn may reuse the current zxid (protocol.md section 7.1); nothing else may.
        boolean repeatedError = zxid == lastZxid && lastZxid != 0 && entry.type() == OpCode.ERROR;
        if (zxid <= lastZxid && !repeatedError) {
            throw new IllegalArgumentException("zxid " + Zxid.hex(zxid) + " does not follow the last logged zxid "
                    + Zxid.hex(lastZxid));
        }
        byte[] payload = TxnCodec.encode(entry);
        if (payload.length > maxRecordLength) {
            throw new IllegalArgumentException("txn " + Zxid.hex(zxid) + " is " + payload.length
                    + " bytes, more than the largest record (" + maxRecordLength + ") a reader accepts");
        }
        int number = repeatedError ? lastNumber + 1 : 0;
        pending.add(new Pending(Keys.of(zxid, number), payload));
        lastZxid = zxid;
        lastNumber = number;
    }

    @Override
    public synchronized void flush() throws IOException {
        ensureOpen();
        if (!pending.isEmpty()) {
            // A synced write syncs the whole WAL up to it, with what readers wrote unsynced before.
            writePending(true);
        } else if (unsynced) {
            try {
                db.call(h -> {
                    h.db().syncWal();
                    return null;
                });
            } catch (RocksDBException e) {
                failed = true;
                throw Failures.ofSynced("syncing the txn log", e);
            }
        }
        unsynced = false;
        durableZxid = lastZxid;
    }

    private void writePending(boolean sync) throws IOException {
        try {
            db.call(h -> {
                try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions().setSync(sync)) {
                    for (Pending p : pending) {
                        batch.put(h.log(), p.key(), p.payload());
                    }
                    h.db().write(options, batch);
                }
                return null;
            });
        } catch (RocksDBException e) {
            failed = true;
            String what = "writing " + pending.size() + " txns up to " + Zxid.hex(lastZxid);
            throw sync ? Failures.ofSynced(what, e) : Failures.of(what, e);
        }
        pending.clear();
        if (!sync) {
            unsynced = true;
        }
    }

    @Override
    public synchronized long lastZxid() {
        return lastZxid;
    }

    @Override
    public synchronized TxnReader readAfter(long zxid) throws IOException {
        ensureOpen();
        // The reader sees what was appended before this call, flushed or not, as the file log's
        // does: written to RocksDB (memtable and WAL file, not synced), and nothing appended later.
        if (!pending.isEmpty()) {
            writePending(false);
        }
        byte[] last = lastZxid == 0 ? Keys.of(0, 0) : Keys.of(lastZxid, lastNumber);
        return new RocksDbTxnReader(db, Keys.of(zxid + 1, 0), last);
    }

    @Override
    public synchronized void truncateAfter(long zxid) throws IOException {
        ensureOpen();
        if (failed) {
            // Whatever the failed write left is cut below, or dropped by WAL recovery if torn.
            pending.clear();
            db.reopen();
            failed = false;
        } else if (zxid <= durableZxid) {
            // Every unsynced entry is cut anyway: drop it rather than write it.
            pending.clear();
        } else {
            flush();
        }
        try {
            db.call(h -> {
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    h.db().deleteRange(h.log(), sync, Keys.of(zxid + 1, 0), Keys.END);
                }
                return null;
            });
        } catch (RocksDBException e) {
            failed = true;
            throw Failures.ofSynced("truncating the txn log after " + Zxid.hex(zxid), e);
        }
        byte[] last = lastKey(db, Keys.of(zxid, Keys.SEAL));
        long before = lastZxid;
        lastZxid = last == null ? 0 : Keys.zxid(last);
        lastNumber = last == null ? 0 : Keys.number(last);
        durableZxid = lastZxid;
        unsynced = false;
        if (before != lastZxid) {
            log.info("truncated the txn log after {}: last zxid was {}, is {}", Zxid.hex(zxid), Zxid.hex(before),
                    Zxid.hex(lastZxid));
        }
    }

    /**
     * Does nothing: segments exist so that whole files can be deleted by a purge; here a purge
     * deletes a key range, and RocksDB's compaction reclaims the space wherever the range falls.
     */
    @Override
    public synchronized void roll() {
        ensureOpen();
    }

    /**
     * Deletes every entry before the last one at or below {@code zxid}. That one stays, as the file
     * log keeps the segment holding it: {@link #readAfter} {@code zxid} still finds everything
     * after it, and the log never becomes empty, so {@link #lastZxid()} stays the same after a
     * restart too.
     */
    @Override
    public synchronized void purgeThrough(long zxid) throws IOException {
        ensureOpen();
        flush();
        byte[] keep = lastKey(db, Keys.of(zxid, Keys.SEAL));
        if (keep == null) {
            return;
        }
        byte[] from = Keys.of(0, 0);
        try {
            db.call(h -> {
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    h.db().deleteRange(h.log(), sync, from, keep);
                }
                // Drops the table files wholly inside the range at once, rather than when
                // compaction reaches them.
                h.db().deleteFilesInRanges(h.log(), List.of(from, keep), false);
                return null;
            });
        } catch (RocksDBException e) {
            throw Failures.ofSynced("purging the txn log before " + Zxid.hex(Keys.zxid(keep)), e);
        }
        log.info("purged the txn log before {}", Zxid.hex(Keys.zxid(keep)));
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (!failed) {
                flush();
            }
        } finally {
            closed = true;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("txn log is closed");
        }
    }
}
