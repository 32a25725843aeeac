package io.paddock.api.storage;

import java.io.Closeable;
import java.io.IOException;

/**
 * An opened database store: its txn log, its snapshots and the quorum epochs. Closing it
 * releases all of them.
 */
public interface Storage extends Closeable {
    TxnLog txnLog();

    SnapshotStore snapshots();

    QuorumEpochs epochs();

    @Override
    void close() throws IOException;
}
