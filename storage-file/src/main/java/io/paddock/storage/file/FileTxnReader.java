package io.paddock.storage.file;

import io.paddock.api.proto.JuteException;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the entries after a zxid across log files, in file order. Like ZooKeeper's
 * FileTxnIterator it moves to the next file at the end of a file's valid data, and fails on a
 * checksum mismatch. Entries with equal zxids (protocol.md section 7.1) are returned as they are.
 */
final class FileTxnReader implements TxnReader {
    /** A file to read, up to {@code limit}: for a file still being appended to, what was written when reading began. */
    record Segment(Path file, long limit) {
    }

    private final List<Segment> files;
    private final long afterZxid;
    private final int maxRecordLength;
    private int nextFile;
    private TxnLogFileReader current;

    FileTxnReader(List<Segment> files, long afterZxid, int maxRecordLength) {
        this.files = List.copyOf(files);
        this.afterZxid = afterZxid;
        this.maxRecordLength = maxRecordLength;
    }

    @Override
    public TxnEntry next() throws IOException {
        while (true) {
            if (current == null) {
                if (nextFile == files.size()) {
                    return null;
                }
                Segment segment = files.get(nextFile++);
                current = TxnLogFileReader.open(segment.file(), maxRecordLength, segment.limit());
            }
            TxnLogFileReader.Frame frame = current.next();
            if (frame == null) {
                if (current.end() == TxnLogFileReader.End.BAD_CHECKSUM) {
                    throw new IOException("txn log " + current.file() + " is corrupt: checksum mismatch in the entry at offset "
                            + current.endOffset());
                }
                current.close();
                current = null;
            } else if (frame.zxid() > afterZxid) {
                try {
                    return LogEntryFormat.decode(frame.payload(), maxRecordLength);
                } catch (JuteException e) {
                    throw new IOException("txn log " + current.file() + ": cannot decode the entry at offset "
                            + frame.offset() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
        nextFile = files.size();
    }
}
