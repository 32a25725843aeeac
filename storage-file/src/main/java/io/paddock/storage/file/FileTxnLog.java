package io.paddock.storage.file;

import io.paddock.api.proto.OpCode;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The txn log as ZooKeeper's FileTxnLog keeps it (protocol.md section 16.3): files
 * {@code log.<hex zxid of their first entry>} in one directory. After opening, and after each
 * roll or truncation, the next append starts a new file, as ZooKeeper does after a restart;
 * an existing file is appended to only by an error txn that repeats the last zxid (see
 * {@link #append}).
 *
 * <p>All methods are synchronized; readers work on their own file handles once created.
 */
final class FileTxnLog implements TxnLog {
    private static final Logger log = LoggerFactory.getLogger(FileTxnLog.class);

    private final Path dir;
    private final int maxRecordLength;
    private final long preallocBytes;
    /** Every log file by the zxid in its name. */
    private final NavigableMap<Long, Path> files = new TreeMap<>();
    /** Rolled files whose last appends are written but not yet synced; the next flush syncs them. */
    private final List<TxnLogWriter> rolled = new ArrayList<>();
    private TxnLogWriter current;
    private boolean directoryChanged;
    private long lastZxid;
    /** The last zxid a flush made durable; entries after it may be discarded by a truncation. */
    private long durableZxid;
    private boolean closed;

    private FileTxnLog(Path dir, int maxRecordLength, long preallocBytes, TxnLogRecovery.Result recovered) {
        this.dir = dir;
        this.maxRecordLength = maxRecordLength;
        this.preallocBytes = preallocBytes;
        for (ZxidFile f : recovered.files()) {
            files.put(f.zxid(), f.path());
        }
        this.lastZxid = recovered.lastZxid();
        this.durableZxid = lastZxid;
    }

    /** Opens the log in {@code dir}, cutting off a torn tail (see {@link TxnLogRecovery}). */
    static FileTxnLog open(Path dir, int maxRecordLength, long preallocBytes) throws IOException {
        if (preallocBytes < 0) {
            throw new IllegalArgumentException("preallocBytes must not be negative: " + preallocBytes);
        }
        TxnLogRecovery.Result recovered = new TxnLogRecovery(dir, maxRecordLength).recover();
        log.info("opened txn log in {}: {} files, last zxid {}", dir, recovered.files().size(), Zxid.hex(recovered.lastZxid()));
        return new FileTxnLog(dir, maxRecordLength, preallocBytes, recovered);
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
        TxnLogWriter writer = current;
        if (writer == null && repeatedError) {
            // It goes into the file of the entry whose zxid it repeats. A new file would be named
            // by that zxid: the name may be taken, and a file named by zxid z is where readAfter(z - 1)
            // starts, which would skip the entry being repeated.
            writer = newestFileWriter();
        }
        if (writer == null) {
            Path file = dir.resolve(ZxidFile.name(ZxidFile.LOG_PREFIX, zxid));
            current = TxnLogWriter.create(file, preallocBytes);
            files.put(zxid, file);
            directoryChanged = true;
            log.debug("started txn log {}", file);
            writer = current;
        }
        writer.append(payload);
        lastZxid = zxid;
    }

    /**
     * A writer on the newest file, which holds the last entry: the last rolled one if still open,
     * or the file reopened after its last entry. It joins the rolled writers, so the next flush
     * syncs and closes it, and the next append of a new zxid still starts a new file.
     */
    private TxnLogWriter newestFileWriter() throws IOException {
        if (!rolled.isEmpty()) {
            return rolled.get(rolled.size() - 1);
        }
        Path file = files.lastEntry().getValue();
        long end = FileHeader.LENGTH;
        try (TxnLogFileReader reader = TxnLogFileReader.open(file, maxRecordLength)) {
            for (TxnLogFileReader.Frame f = reader.next(); f != null; f = reader.next()) {
                end = f.end();
            }
            if (reader.end() != TxnLogFileReader.End.CLEAN) {
                throw new IOException("txn log " + file + " does not end cleanly (" + reader.end() + " at offset "
                        + reader.endOffset() + "), so nothing can be appended to it; truncate the log first");
            }
        }
        TxnLogWriter writer = TxnLogWriter.reopen(file, end, preallocBytes);
        rolled.add(writer);
        log.debug("appending to txn log {} at offset {}", file, end);
        return writer;
    }

    @Override
    public synchronized void flush() throws IOException {
        ensureOpen();
        for (TxnLogWriter w : rolled) {
            w.sync();
            w.close();
        }
        rolled.clear();
        if (current != null) {
            current.sync();
        }
        if (directoryChanged) {
            // A new file's directory entry must be durable too, or a crash could lose the whole file.
            try {
                DirectorySync.force(dir);
            } catch (IOException e) {
                throw SyncFailures.of(dir, e);
            }
            directoryChanged = false;
        }
        durableZxid = lastZxid;
    }

    @Override
    public synchronized long lastZxid() {
        return lastZxid;
    }

    @Override
    public TxnReader readAfter(long zxid) throws IOException {
        List<FileTxnReader.Segment> toRead = new ArrayList<>();
        synchronized (this) {
            ensureOpen();
            // The reader sees what was appended before this call, flushed or not, and no
            // half-written entry of an append that runs while it reads.
            Map<Path, Long> limits = new HashMap<>();
            for (TxnLogWriter w : rolled) {
                w.write();
                limits.put(w.file(), w.written());
            }
            if (current != null) {
                current.write();
                limits.put(current.file(), current.written());
            }
            // As ZooKeeper picks: the file with the largest starting zxid at or below zxid + 1, and all later ones.
            Long start = files.floorKey(zxid + 1);
            for (Path file : (start == null ? files : files.tailMap(start, true)).values()) {
                toRead.add(new FileTxnReader.Segment(file, limits.getOrDefault(file, Long.MAX_VALUE)));
            }
        }
        return new FileTxnReader(toRead, zxid, maxRecordLength);
    }

    @Override
    public synchronized void truncateAfter(long zxid) throws IOException {
        ensureOpen();
        if (zxid <= durableZxid) {
            // Every unsynced entry is cut anyway, and it may be what a failed write left: drop it
            // rather than try to write it again.
            discardUnwritten();
        } else {
            flush();
        }
        closeWriters();
        long kept = 0;
        boolean found = false;
        for (Map.Entry<Long, Path> e : new ArrayList<>(files.descendingMap().entrySet())) {
            Path file = e.getValue();
            if (e.getKey() <= zxid) {
                long last = truncateFile(file, zxid);
                if (last >= 0) {
                    kept = last;
                    found = true;
                    break;
                }
            }
            log.info("truncating the txn log after {}: removing {}", Zxid.hex(zxid), file);
            Files.delete(file);
            files.remove(e.getKey());
            directoryChanged = true;
        }
        lastZxid = found ? kept : 0;
        durableZxid = lastZxid;
        if (directoryChanged) {
            DirectorySync.force(dir);
            directoryChanged = false;
        }
    }

    private void discardUnwritten() {
        for (TxnLogWriter w : rolled) {
            w.discardUnwritten();
        }
        if (current != null) {
            current.discardUnwritten();
        }
    }

    /** Cuts {@code file} after its last entry at or below {@code zxid}; returns that entry's zxid, or -1 if there is none. */
    private long truncateFile(Path file, long zxid) throws IOException {
        long keepUpTo = FileHeader.LENGTH;
        long last = -1;
        boolean laterEntries = false;
        boolean tornTail;
        try (TxnLogFileReader reader = TxnLogFileReader.open(file, maxRecordLength)) {
            for (TxnLogFileReader.Frame f = reader.next(); f != null; f = reader.next()) {
                if (f.zxid() > zxid) {
                    laterEntries = true;
                    break;
                }
                keepUpTo = f.end();
                last = f.zxid();
            }
            tornTail = !laterEntries && reader.end() == TxnLogFileReader.End.TORN;
            if (reader.end() == TxnLogFileReader.End.BAD_CHECKSUM) {
                throw new IOException("txn log " + file + " is corrupt: checksum mismatch in the entry at offset "
                        + reader.endOffset());
            }
        }
        // A failed write may have left part of an entry after the last whole one: cut it as well.
        if (last >= 0 && (laterEntries || tornTail)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                log.info("truncating the txn log after {}: cutting {} at offset {}", Zxid.hex(zxid), file, keepUpTo);
                ch.truncate(keepUpTo);
                ch.force(true);
            }
        }
        return last;
    }

    @Override
    public synchronized void roll() throws IOException {
        ensureOpen();
        if (current != null) {
            current.write();
            rolled.add(current);
            current = null;
        }
    }

    @Override
    public synchronized void purgeThrough(long zxid) throws IOException {
        ensureOpen();
        // As ZooKeeper's PurgeTxnLog: keep the newest file starting at or below zxid, since it may
        // hold the entries right after zxid, and everything after it.
        Long keepFrom = files.floorKey(zxid);
        if (keepFrom == null) {
            return;
        }
        flush();
        NavigableMap<Long, Path> older = files.headMap(keepFrom, false);
        int removed = older.size();
        for (Path file : new ArrayList<>(older.values())) {
            Files.delete(file);
            log.debug("purged txn log {}", file);
        }
        older.clear();
        if (removed > 0) {
            DirectorySync.force(dir);
            log.info("purged {} txn log files before {}", removed, dir.resolve(ZxidFile.name(ZxidFile.LOG_PREFIX, keepFrom)));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            closeWriters();
        }
    }

    private void closeWriters() throws IOException {
        IOException failure = null;
        List<TxnLogWriter> all = new ArrayList<>(rolled);
        if (current != null) {
            all.add(current);
        }
        rolled.clear();
        current = null;
        for (TxnLogWriter w : all) {
            try {
                w.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("txn log " + dir + " is closed");
        }
    }
}
