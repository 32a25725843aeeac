package io.paddock.storage.rocksdb;

import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.TxnLog;
import java.io.IOException;

/** An opened RocksDB store: the txn log, snapshots and epochs over one database. */
final class RocksDbStorage implements Storage {
    private final Database db;
    private final RocksDbTxnLog txnLog;
    private final RocksDbSnapshotStore snapshots;
    private final RocksDbQuorumEpochs epochs;

    RocksDbStorage(Database db, RocksDbTxnLog txnLog, RocksDbSnapshotStore snapshots, RocksDbQuorumEpochs epochs) {
        this.db = db;
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

    /** The log first, so its last appends are flushed while the database is still open. */
    @Override
    public void close() throws IOException {
        try {
            txnLog.close();
        } finally {
            db.close();
        }
    }
}
