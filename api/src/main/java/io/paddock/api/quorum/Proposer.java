package io.paddock.api.quorum;

import io.paddock.api.txn.TxnEntry;

/**
 * The leader role as the server's prep stage sees it: every txn prep makes is proposed here, in
 * zxid order, and comes back through {@link Replica#commit} once a quorum logged it.
 */
public interface Proposer {
    /** Proposes a txn; its zxid is the one after the last proposed. */
    void propose(TxnEntry txn);

    /**
     * Runs {@code then} once every txn proposed so far is committed, or at once if none is
     * outstanding: how a {@code sync} is answered (ZooKeeper's {@code Leader.processSync}).
     */
    void afterOutstanding(Runnable then);
}
