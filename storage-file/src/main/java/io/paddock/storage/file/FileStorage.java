package io.paddock.storage.file;

import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.TxnLog;
import java.io.IOException;

/** An opened txn log, snapshot store and epoch files; only the log holds open files. */
final class FileStorage implements Storage {
    private final FileTxnLog txnLog;
    private final FileSnapshotStore snapshots;
    private final FileQuorumEpochs epochs;

    FileStorage(FileTxnLog txnLog, FileSnapshotStore snapshots, FileQuorumEpochs epochs) {
        this.txnLog = txnLog;
        this.snapshots = snapshots;
        this.epochs = epochs;
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
    public QuorumEpochs epochs() {
        return epochs;
    }

    @Override
    public void close() throws IOException {
        txnLog.close();
    }
}
