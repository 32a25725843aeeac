package io.paddock.api.storage;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Snapshots of the database. A snapshot is fuzzy: it is taken while txns keep being applied,
 * and is named by the last zxid applied when it began; replaying the log after that zxid over
 * it gives the exact state (protocol.md section 16.5).
 */
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
}
