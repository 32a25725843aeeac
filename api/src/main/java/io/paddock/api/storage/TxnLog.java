package io.paddock.api.storage;

import io.paddock.api.txn.TxnEntry;
import java.io.Closeable;
import java.io.IOException;

/**
 * The write-ahead log. Appends are buffered; {@link #flush()} makes everything appended so
 * far durable with one sync, which is how group commit works. On open, a torn last entry (a
 * crash in the middle of an append) is cut off and logged; a damaged entry followed by valid
 * ones is corruption and makes open fail.
 */
public interface TxnLog extends Closeable {
    /**
     * Buffers one entry. Its zxid must be greater than {@link #lastZxid()}, except for an error
     * txn, which may repeat the last zxid as ZooKeeper logs an undecodable write (protocol.md
     * section 7.1). A failure here is a write failure as {@link #flush} describes.
     */
    void append(TxnEntry entry) throws IOException;

    /**
     * Writes and syncs everything appended since the last flush; returns when it is durable.
     *
     * @throws java.io.SyncFailedException if the sync itself failed: what the disk holds is no
     *         longer known, so nothing more may be acknowledged from this log
     * @throws IOException if writing failed (a full disk): the entries after the last successful
     *         flush are not durable; {@link #truncateAfter} that flush's zxid cuts them off and
     *         appends may go on once the disk has room again
     */
    void flush() throws IOException;

    /** The zxid of the last entry appended (or found on open), 0 if the log is empty. */
    long lastZxid();

    /** Reads the entries with a zxid greater than {@code zxid}, in order. */
    TxnReader readAfter(long zxid) throws IOException;

    /** Removes every entry with a zxid greater than {@code zxid}. */
    void truncateAfter(long zxid) throws IOException;

    /** Starts a new segment for the next append (after a snapshot, as ZooKeeper does). */
    void roll() throws IOException;

    /**
     * Removes segments that replay from a snapshot at {@code zxid} no longer needs: as ZooKeeper
     * purges, the newest segment starting at or below {@code zxid} stays, with all later ones.
     */
    void purgeThrough(long zxid) throws IOException;
}
