package io.paddock.api.quorum;

import io.paddock.api.txn.TxnEntry;

/**
 * The leader role as the server's prep stage sees it: every txn prep makes is proposed here, in
 * zxid order, and comes back through {@link Replica#commit} once a quorum logged it. The server
 * answers syncs itself: a sync waits behind every txn prepared before it.
 */
public interface Proposer {
    /** Proposes a txn; its zxid is the one after the last proposed. Must not block. */
    void propose(TxnEntry txn);

    /** The leader's learners and proposals now, for the four-letter words; cheap, any thread. */
    LeaderStatus status();
}
