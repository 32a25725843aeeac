package io.paddock.api.storage;

import io.paddock.api.txn.TxnEntry;
import java.io.Closeable;
import java.io.IOException;

/** A forward cursor over logged entries. */
public interface TxnReader extends Closeable {
    /** The next entry, or null at the end of the log. */
    TxnEntry next() throws IOException;
}
