package io.paddock.storage.rocksdb;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one RocksDB database of a Storage with its column families ({@code log}, {@code snapshots},
 * {@code meta}), shared by the txn log, the snapshot store and the epochs.
 *
 * <p>Every use runs under the read side of a lock, and {@link #reopen()} and {@link #close()} under
 * the write side, so no thread ever touches a closed native handle (which would crash the JVM,
 * not throw). Reopening is how a log recovers from a failed write: rocksdbjni has no binding for
 * {@code DB::Resume()}, and once a WAL write fails RocksDB refuses writes until it is resumed or
 * reopened; reopening replays the WAL up to its last whole record, as after a crash.
 */
final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    static final String LOG = "log";
    static final String SNAPSHOTS = "snapshots";
    static final String META = "meta";

    /** What an operation sees: the open database and its column families. */
    record Handles(RocksDB db, ColumnFamilyHandle log, ColumnFamilyHandle snapshots, ColumnFamilyHandle meta) {
    }

    @FunctionalInterface
    interface Operation<T> {
        T apply(Handles h) throws RocksDBException, IOException;
    }

    private final Path dir;
    private final Path walDir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions logOptions;
    private final ColumnFamilyOptions snapshotOptions;
    private final ColumnFamilyOptions metaOptions;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Null while closed, or after a reopen failed (until one succeeds). */
    private Handles handles;
    private boolean closed;
    /** Counts reopenings, so a long operation spread over several calls can tell it spanned one. */
    private long generation;

    private Database(Path dir, Path walDir) {
        this.dir = dir;
        this.walDir = walDir;
        this.dbOptions = dbOptions(walDir);
        // The log is written once, read at recovery and by learners catching up, and deleted in
        // ranges: modest memtables (the WAL holds the durable copy anyway), no compression (txns
        // are small and mostly unique data; LZ4 would cost CPU on the write path for little).
        this.logOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(3)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                // Level compaction drops the range tombstones of purges and truncations, with the
                // entries they cover, as the files holding them are compacted.
                .setCompactionStyle(CompactionStyle.LEVEL)
                .setLevelCompactionDynamicLevelBytes(true)
                .setTargetFileSizeBase(64L << 20);
        // Snapshots arrive as ~1 MiB chunks written without the WAL and flushed to table files
        // when complete (RocksDbSnapshotStore), so larger memtables mean fewer, larger files.
        this.snapshotOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(64L << 20)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setCompactionStyle(CompactionStyle.LEVEL)
                .setLevelCompactionDynamicLevelBytes(true);
        this.metaOptions = new ColumnFamilyOptions().setWriteBufferSize(1L << 20);
    }

    private static DBOptions dbOptions(Path walDir) {
        DBOptions o = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                // Every write reaches the WAL file as it is made; flush() then only has to sync.
                .setManualWalFlush(false)
                // A crash can tear the last WAL record; recovery keeps everything before it and
                // stops there, as ZooKeeper cuts a torn tail of its txn log.
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                // Opening (and reopening after a failed write) replays the WAL into memtables
                // without writing table files, so it works on a disk that is still nearly full.
                .setAvoidFlushDuringRecovery(true)
                // The WAL is our txn log: cap it so RocksDB flushes memtables (and recycles WAL
                // files) instead of replaying gigabytes after a restart.
                .setMaxTotalWalSize(256L << 20)
                // Sync WAL data in the background every MiB, so a flush's fsync has little left.
                .setWalBytesPerSync(1L << 20)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(5)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
        if (walDir != null) {
            o.setWalDir(walDir.toString());
        }
        return o;
    }

    /** Opens (creating if needed) the database in {@code dir}, its WAL in {@code walDir} or, if null, beside it. */
    static Database open(Path dir, Path walDir) throws IOException {
        Files.createDirectories(dir);
        if (walDir != null) {
            Files.createDirectories(walDir);
        }
        Database database = new Database(dir, walDir);
        try {
            database.handles = database.openHandles();
        } catch (IOException | RuntimeException e) {
            database.closeOptions();
            throw e;
        }
        log.info("opened RocksDB storage in {}{}", dir, walDir == null ? "" : ", WAL in " + walDir);
        return database;
    }

    private Handles openHandles() throws IOException {
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, metaOptions),
                new ColumnFamilyDescriptor(LOG.getBytes(US_ASCII), logOptions),
                new ColumnFamilyDescriptor(SNAPSHOTS.getBytes(US_ASCII), snapshotOptions),
                new ColumnFamilyDescriptor(META.getBytes(US_ASCII), metaOptions));
        List<ColumnFamilyHandle> cfs = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, cfs);
            cfs.get(0).close(); // the default family is required by RocksDB, unused by us
            return new Handles(db, cfs.get(1), cfs.get(2), cfs.get(3));
        } catch (RocksDBException e) {
            cfs.forEach(ColumnFamilyHandle::close);
            if (isLocked(e)) {
                throw new IOException("RocksDB storage in " + dir + " is already open (in this process or another): "
                        + e.getMessage(), e);
            }
            throw Failures.of("opening RocksDB storage in " + dir, e);
        }
    }

    private static boolean isLocked(RocksDBException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("lock hold by current process") || m.contains("While lock file") || m.contains("LOCK");
    }

    /** Runs {@code op} on the open database; IllegalStateException once it is closed. */
    <T> T call(Operation<T> op) throws RocksDBException, IOException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("RocksDB storage in " + dir + " is closed");
            }
            if (handles == null) {
                throw new IOException("RocksDB storage in " + dir + " could not be reopened after a failed write");
            }
            return op.apply(handles);
        } finally {
            lock.readLock().unlock();
        }
    }

    long generation() {
        lock.readLock().lock();
        try {
            return generation;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes and opens the database again, recovering from its WAL; waits for running operations. */
    void reopen() throws IOException {
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("RocksDB storage in " + dir + " is closed");
            }
            if (handles != null) {
                closeHandles(handles);
                handles = null;
            }
            generation++;
            handles = openHandles();
            log.info("reopened RocksDB storage in {} after a failed write", dir);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (handles != null) {
                closeHandles(handles);
                handles = null;
            }
            closeOptions();
            log.info("closed RocksDB storage in {}", dir);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Column family handles go before the database, as RocksDB requires; options after both. */
    private static void closeHandles(Handles h) {
        h.log().close();
        h.snapshots().close();
        h.meta().close();
        h.db().close();
    }

    private void closeOptions() {
        logOptions.close();
        snapshotOptions.close();
        metaOptions.close();
        dbOptions.close();
    }
}
