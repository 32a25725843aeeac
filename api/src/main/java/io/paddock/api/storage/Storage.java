package io.paddock.api.storage;

import java.io.Closeable;
import java.io.IOException;

/** An opened database store: its txn log and its snapshots. Closing it releases both. */
public interface Storage extends Closeable {
    TxnLog txnLog();

    SnapshotStore snapshots();

    @Override
    void close() throws IOException;
}
