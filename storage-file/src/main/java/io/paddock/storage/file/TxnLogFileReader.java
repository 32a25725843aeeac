package io.paddock.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the framed entries of one txn log file in order, up to the end of its valid data, and
 * says why it stopped there (protocol.md section 16.3). It decodes nothing but the zxid.
 */
final class TxnLogFileReader implements Closeable {
    /** Why the valid data of a file ends where it does. */
    enum End {
        /** End of file or zero padding at an entry boundary: a cleanly written file. */
        CLEAN,
        /** An incomplete entry: a write cut short by a crash, or garbage after the last entry. */
        TORN,
        /** A complete entry whose checksum does not match its payload. */
        BAD_CHECKSUM
    }

    /** One entry as framed on disk: where it starts and ends, its zxid and its payload. */
    record Frame(long offset, long end, long zxid, byte[] payload) {
    }

    private final FileInput in;
    private final int maxRecordLength;
    private final boolean headerTorn;
    private End end;
    private long endOffset;
    /** Whether the entry that stopped the reader had a readable length, so where the next one starts is known. */
    private boolean resumable;

    private TxnLogFileReader(FileInput in, int maxRecordLength, boolean headerTorn) {
        this.in = in;
        this.maxRecordLength = maxRecordLength;
        this.headerTorn = headerTorn;
        if (headerTorn) {
            end = End.TORN;
        }
    }

    /**
     * Opens a log file and checks its header. Only the magic is checked, as ZooKeeper does. A
     * file too short for a header, or with an all-zero one, was cut short while being created
     * and reports {@link #headerTorn()}; any other wrong magic is an IOException.
     */
    static TxnLogFileReader open(Path file, int maxRecordLength) throws IOException {
        return open(file, maxRecordLength, Long.MAX_VALUE);
    }

    /** As {@link #open(Path, int)}, reading only up to offset {@code limit}, which then reads as the end of the file. */
    static TxnLogFileReader open(Path file, int maxRecordLength, long limit) throws IOException {
        FileInput in = FileInput.open(file, null, limit);
        try {
            if (!in.request(FileHeader.LENGTH)) {
                return new TxnLogFileReader(in, maxRecordLength, true);
            }
            int magic = in.readInt();
            int version = in.readInt();
            long dbid = in.readLong();
            if (magic != FileHeader.LOG.magic()) {
                if (magic == 0 && version == 0 && dbid == 0) {
                    return new TxnLogFileReader(in, maxRecordLength, true);
                }
                throw new IOException(file + " is not a txn log: magic " + Integer.toHexString(magic));
            }
            return new TxnLogFileReader(in, maxRecordLength, false);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    Path file() {
        return in.file();
    }

    /** True if the file has no complete header: nothing was ever durably logged in it. */
    boolean headerTorn() {
        return headerTorn;
    }

    /** The next valid entry, or null where the valid data ends (see {@link #end()}). */
    Frame next() throws IOException {
        if (end != null) {
            return null;
        }
        resumable = false;
        long offset = in.position();
        if (!in.request(LogEntryFormat.PREFIX)) {
            return stop(in.restIsZero() ? End.CLEAN : End.TORN, offset);
        }
        long checksum = in.readLong();
        int len = in.readInt();
        if (len == 0) {
            // ZooKeeper stops at a zero length: the preallocated zeros after the last entry.
            return stop(checksum == 0 ? End.CLEAN : End.TORN, offset);
        }
        if (len < 0 || len > maxRecordLength) {
            return stop(End.TORN, offset);
        }
        byte[] payload = new byte[len];
        if (!in.readFully(payload) || !in.request(1)) {
            return stop(End.TORN, offset);
        }
        if (in.readByte() != LogEntryFormat.END_OF_RECORD) {
            resumable = true;
            return stop(End.TORN, offset);
        }
        if (LogEntryFormat.checksum(payload) != checksum) {
            resumable = true;
            return stop(End.BAD_CHECKSUM, offset);
        }
        if (len < LogEntryFormat.HEADER_LENGTH) {
            throw new IOException(in.file() + ": entry at offset " + offset + " has a valid checksum but only "
                    + len + " bytes, too short for a txn header");
        }
        return new Frame(offset, in.position(), LogEntryFormat.zxid(payload), payload);
    }

    private Frame stop(End why, long offset) {
        end = why;
        endOffset = offset;
        return null;
    }

    /** Why {@link #next()} returned null; null while entries remain. */
    End end() {
        return end;
    }

    /** The offset where the valid data ends: the end of the last valid entry. */
    long endOffset() {
        return endOffset;
    }

    /**
     * After a stop at a damaged entry whose length was readable (a checksum mismatch, or a
     * missing 'B'): whether a valid entry follows later in this file, which makes the damage
     * corruption rather than a torn write. Consumes the reader.
     */
    boolean validEntryFollows() throws IOException {
        while (resumable) {
            end = null;
            if (next() != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
