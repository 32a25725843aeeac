package io.paddock.api.quorum;

import io.paddock.api.storage.SnapshotSink;
import java.io.IOException;

/**
 * A snapshot streamed from a leader on its way into the database: fed as any snapshot is loaded,
 * then {@linkplain #finish() finished}, or {@linkplain #abandon() abandoned} if the stream broke.
 */
public interface SnapshotInstall extends SnapshotSink {
    /** Makes the loaded snapshot the database and durable, at the zxid it was started with. */
    void finish() throws IOException;

    /** Drops what was loaded; the database is as it was, with the log already cut. */
    void abandon();
}
