package io.paddock.storage.file;

import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.TxnLog;
import java.io.IOException;

/** An opened pair of txn log and snapshot store; only the log holds open files. */
final class FileStorage implements Storage {
    private final FileTxnLog txnLog;
    private final FileSnapshotStore snapshots;

    FileStorage(FileTxnLog txnLog, FileSnapshotStore snapshots) {
        this.txnLog = txnLog;
        this.snapshots = snapshots;
    }

    @Override
    public TxnLog txnLog() {
        return txnLog;
    }

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    public void close() throws IOException {
        txnLog.close();
    }
}
