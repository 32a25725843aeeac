package io.paddock.server.processor;

import io.paddock.api.storage.TxnLog;
import java.io.IOException;

/**
 * Hands the txn log over to another storage. The sync stage runs it on its own thread, between
 * two batches, once everything before it is durable; no txn is logged while it runs.
 */
@FunctionalInterface
public interface LogSwitch {
    /** Returns the log to go on with, given the zxid of the last txn the current log holds. */
    TxnLog switchFrom(long durableZxid) throws IOException;
}
