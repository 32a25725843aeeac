package io.paddock.storage.rocksdb;

import java.io.IOException;
import java.io.SyncFailedException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Turns RocksDB's errors into the exceptions the storage SPI promises (TxnLog#flush): a full disk
 * is a write failure the caller may recover from, any other I/O error on a synced write is a
 * failed sync after which nothing on disk can be trusted.
 */
final class Failures {
    private Failures() {
    }

    /** An error of a plain read or write, or of a synced write that failed for want of space. */
    static IOException of(String what, RocksDBException e) {
        return new IOException(what + " failed: " + describe(e), e);
    }

    /**
     * An error of a write with {@code sync} set. Running out of space (ENOSPC, RocksDB's NoSpace
     * sub-code) happens while writing and leaves the earlier synced state intact, so it is a
     * plain IOException; any other I/O error may have come from the fsync itself.
     */
    static IOException ofSynced(String what, RocksDBException e) {
        Status status = e.getStatus();
        if (status != null && status.getCode() == Status.Code.IOError && !isNoSpace(e)) {
            SyncFailedException failed = new SyncFailedException(what + " failed: " + describe(e));
            failed.initCause(e);
            return failed;
        }
        return new IOException(what + " failed: " + describe(e), e);
    }

    static boolean isNoSpace(RocksDBException e) {
        Status status = e.getStatus();
        if (status != null && status.getSubCode() == Status.SubCode.NoSpace) {
            return true;
        }
        // Some environments report ENOSPC as a plain IOError whose text is strerror's; a file size
        // limit (EFBIG) or a quota (EDQUOT) leaves no room to write just the same.
        String message = e.getMessage();
        return message != null && (message.contains("No space left on device") || message.contains("File too large")
                || message.contains("Disk quota exceeded"));
    }

    private static String describe(RocksDBException e) {
        Status status = e.getStatus();
        return status == null ? String.valueOf(e.getMessage()) : status.getCodeString() + ": " + e.getMessage();
    }
}
