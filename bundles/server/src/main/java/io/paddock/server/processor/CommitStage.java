package io.paddock.server.processor;

import io.paddock.api.proto.OpCode;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's CommitProcessor: this server's requests wait here, in the order they came, until
 * the quorum commits their txns; the txns of other servers' requests pass straight on. A write
 * leaves when its txn is committed, with the txn the leader made of it (on a learner) or the one
 * prep made (on the leader); a read or sync leaves once every request before it has, so that a
 * client sees its own writes, and a sync everything committed before it. Reads of a connection
 * with nothing waiting here skip the stage (its caller decides), so they do not wait for other
 * sessions' writes. It has no thread: requests and commits come on their callers' threads, and
 * what leaves goes to the final stage in order under this stage's lock.
 */
final class CommitStage {
    private static final Logger LOG = LoggerFactory.getLogger(CommitStage.class);

    private final RequestProcessor finalStage;
    private final Deque<Request> waiting = new ArrayDeque<>();

    CommitStage(RequestProcessor finalStage) {
        this.finalStage = finalStage;
    }

    /** A request of this server, in its order: a write waits for its commit, a read for those before it. */
    synchronized void request(Request r) {
        waiting.addLast(r);
        releaseReads();
    }

    /** The quorum committed {@code txn}: this server's request of it leaves, or the txn alone is applied. */
    synchronized void committed(TxnEntry txn) {
        Request head = waiting.peekFirst();
        if (head != null && waitsForCommit(head) && isRequestOf(head, txn)) {
            waiting.removeFirst();
            head.setTxn(txn);
            finalStage.processRequest(head);
        } else {
            if (head != null && head.txn() != null && head.txn().zxid() <= txn.zxid()) {
                // The leader commits what its prep made in order; anything else is a broken invariant.
                LOG.error("committed {} while {} (zxid {}) waits ahead of it", Zxid.hex(txn.zxid()), head,
                        Zxid.hex(head.txn().zxid()));
            }
            finalStage.processRequest(Request.replicated(txn, null));
        }
        releaseReads();
    }

    /** Drops every waiting request: the role ended, and their clients are being disconnected. */
    synchronized void clear() {
        waiting.clear();
    }

    /** Learners' syncs waiting here, as mntr's pending_syncs counts them on a leader. */
    synchronized int forwardedSyncs() {
        return (int) waiting.stream().filter(r -> r.type() == OpCode.SYNC && r.forwarded()).count();
    }

    private void releaseReads() {
        while (!waiting.isEmpty() && !waitsForCommit(waiting.peekFirst())) {
            finalStage.processRequest(waiting.removeFirst());
        }
    }

    /** A write, or a learner's sync, which leaves when its commit (or the leader's SYNC) comes. */
    private static boolean waitsForCommit(Request r) {
        return r.presetErr() == 0 && (Request.isWrite(r.type()) || r.awaitsLeaderSync());
    }

    private static boolean isRequestOf(Request r, TxnEntry txn) {
        return r.sessionId() == txn.header().clientId() && r.xid() == txn.header().cxid()
                && (r.txn() == null || r.txn().zxid() == txn.zxid());
    }

    /** The leader answered the oldest forwarded sync: it leaves once what precedes it has. */
    synchronized void leaderSynced() {
        Request head = waiting.peekFirst();
        if (head == null || !head.awaitsLeaderSync()) {
            LOG.error("the leader answered a sync that is not next here (next: {})", head);
            return;
        }
        waiting.removeFirst();
        finalStage.processRequest(head);
        releaseReads();
    }
}
