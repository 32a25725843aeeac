package io.paddock.storage.file;

import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.file.Path;

/** Marks a failed fsync as such, so the caller never mistakes it for a write it may retry. */
final class SyncFailures {
    private SyncFailures() {
    }

    static SyncFailedException of(Path what, IOException cause) {
        SyncFailedException e = new SyncFailedException("syncing " + what + " failed: " + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
