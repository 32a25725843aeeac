package io.paddock.server.processor;

import io.paddock.api.proto.OpCode;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's CommitProcessor: this server's requests wait here, per session in the order they
 * came, until the quorum commits their txns; the txns of other servers' requests pass straight
 * on. A write leaves when its txn is committed, with the txn the leader made of it (on a
 * learner) or the one prep made (on the leader). A read leaves once the writes and syncs its
 * session sent before it have, so a client sees its own writes without waiting for other
 * sessions'. A sync leaves when everything committed before it was asked for has: on a learner
 * when the leader answers it (SYNC), on the leader once every txn prepared before it is
 * committed. It has no thread: requests and commits come on their callers' threads, and what
 * leaves goes to the final stage in order under this stage's lock.
 */
final class CommitStage {
    private static final Logger LOG = LoggerFactory.getLogger(CommitStage.class);

    private final RequestProcessor finalStage;
    /** Each session's requests that wait, in the order the session sent them. */
    private final Map<Long, Deque<Request>> waiting = new HashMap<>();
    /** Forwarded syncs in the order they went to the leader, which answers them in that order. */
    private final Deque<Request> leaderSyncs = new ArrayDeque<>();
    /** Syncs on the leader, each with the last zxid prepared before it. */
    private final Map<Request, Long> localSyncs = new HashMap<>();
    private long lastPrepared;
    private long lastCommitted;

    CommitStage(RequestProcessor finalStage) {
        this.finalStage = finalStage;
    }

    /** A request of this server, in its session's order. */
    synchronized void request(Request r) {
        if (r.txn() != null) {
            lastPrepared = Math.max(lastPrepared, r.txn().zxid());
        }
        if (r.presetErr() == 0 && r.type() == OpCode.SYNC) {
            if (r.awaitsLeaderSync()) {
                leaderSyncs.addLast(r);
            } else {
                localSyncs.put(r, lastPrepared);
            }
        }
        waiting.computeIfAbsent(r.sessionId(), id -> new ArrayDeque<>()).addLast(r);
        release(r.sessionId());
    }

    /** The quorum committed {@code txn}: this server's request of it leaves, or the txn alone is applied. */
    synchronized void committed(TxnEntry txn) {
        lastCommitted = Math.max(lastCommitted, txn.zxid());
        long session = txn.header().clientId();
        Deque<Request> queue = waiting.get(session);
        Request head = queue == null ? null : queue.peekFirst();
        if (head != null && isWrite(head) && isRequestOf(head, txn)) {
            queue.removeFirst();
            head.setTxn(txn);
            finalStage.processRequest(head);
        } else {
            if (queue != null && queue.stream().anyMatch(r -> isWrite(r) && isRequestOf(r, txn))) {
                // Commits of one session come in the order it sent its writes; anything else is a bug.
                LOG.error("committed {} for {} out of the session's order", Zxid.hex(txn.zxid()), head);
            }
            finalStage.processRequest(Request.replicated(txn, null));
        }
        release(session);
        // Syncs on the leader wait for a zxid, not for their session alone.
        for (Long waiter : localSyncs.keySet().stream().map(Request::sessionId).distinct().toArray(Long[]::new)) {
            release(waiter);
        }
    }

    /** The leader answered the oldest forwarded sync: it leaves once what its session sent before has. */
    synchronized void leaderSynced() {
        Request sync = leaderSyncs.pollFirst();
        if (sync == null) {
            LOG.error("the leader answered a sync nobody here asked for");
            return;
        }
        sync.setSynced();
        release(sync.sessionId());
    }

    /** Drops every waiting request: the role ended, and their clients are being disconnected. */
    synchronized void clear() {
        waiting.clear();
        leaderSyncs.clear();
        localSyncs.clear();
    }

    /** Learners' syncs waiting here, as mntr's pending_syncs counts them on a leader. */
    synchronized int forwardedSyncs() {
        return (int) localSyncs.keySet().stream().filter(Request::forwarded).count();
    }

    /** Lets the session's requests at the head of its queue go on, up to the first that must wait. */
    private void release(long session) {
        Deque<Request> queue = waiting.get(session);
        while (queue != null && !queue.isEmpty() && mayLeave(queue.peekFirst())) {
            Request r = queue.removeFirst();
            localSyncs.remove(r);
            finalStage.processRequest(r);
        }
        if (queue != null && queue.isEmpty()) {
            waiting.remove(session);
        }
    }

    private boolean mayLeave(Request r) {
        if (r.presetErr() != 0) {
            return true;
        }
        if (isWrite(r)) {
            return false;
        }
        if (r.type() == OpCode.SYNC) {
            return r.awaitsLeaderSync() ? r.synced() : localSyncs.getOrDefault(r, 0L) <= lastCommitted;
        }
        return true;
    }

    private static boolean isWrite(Request r) {
        return r.presetErr() == 0 && Request.isWrite(r.type());
    }

    private static boolean isRequestOf(Request r, TxnEntry txn) {
        return r.sessionId() == txn.header().clientId() && r.xid() == txn.header().cxid()
                && (r.txn() == null || r.txn().zxid() == txn.zxid());
    }
}
