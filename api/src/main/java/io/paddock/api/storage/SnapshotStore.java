package io.paddock.api.storage;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Snapshots of the database. A snapshot is fuzzy: it is taken while txns keep being applied,
 * and is named by the last zxid applied when it began; replaying the log after that zxid over
 * it gives the exact state (protocol.md section 16.5).
 *
 * <p>A provider type: backends implement it, the server calls it. A minor version may add a
 * method every backend must implement, so a backend imports this package at its minor version.
 */
@ProviderType
public interface SnapshotStore {
    /** Writes and syncs a snapshot of {@code data}, named by {@code zxid}. */
    void write(long zxid, SnapshotData data) throws IOException;

    /**
     * Loads the newest snapshot that is valid into {@code sink}, skipping damaged ones (each
     * skip is logged), and returns its zxid; empty if there is no valid snapshot at all.
     */
    OptionalLong loadNewest(SnapshotSink sink) throws IOException;

    /** The zxids of the stored snapshots, newest first. */
    List<Long> list() throws IOException;

    /**
     * Removes all but the newest {@code retain} valid snapshots. Returns the zxid of the oldest
     * valid snapshot kept, from which the log must still be replayable; empty if none is valid.
     */
    OptionalLong purge(int retain) throws IOException;

    /**
     * Removes every snapshot named by a zxid greater than {@code zxid}, valid or not; those at or
     * below it stay. A follower does this when its leader's TRUNC cuts its log after {@code zxid}:
     * a restart replays every logged txn, committed or not, and may snapshot them, so a newer
     * snapshot can hold cut txns, which loading it would bring back. Call it before cutting the
     * log ({@link TxnLog#truncateAfter}): a crash in between then leaves the log as the TRUNC
     * found it, to be cut again, rather than a snapshot of txns the log no longer has.
     *
     * <p>Returns once the removal is durable: no crash after it brings a removed snapshot back.
     * A crash during it may leave some of them, each whole; calling it again removes them. Nothing
     * to remove is not an error. A snapshot being written meanwhile may survive it, so the caller
     * lets a running {@link #write} finish first, and does not {@link #purge} meanwhile.
     *
     * @since 1.2
     */
    void removeAfter(long zxid) throws IOException;
}
