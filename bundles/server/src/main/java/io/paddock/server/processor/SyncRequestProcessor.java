package io.paddock.server.processor;

import io.paddock.api.proto.Code;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.io.SyncFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage: appends each txn to the log and syncs once per batch (group commit). A batch
 * ends when the queue runs dry or holds {@value #MAX_BATCH} requests; only then does any of
 * its requests go on, so no reply leaves before its txn is durable. Every snapCount txns
 * (randomised, as ZooKeeper does, so an ensemble does not snapshot in step) it rolls the log
 * and asks for a snapshot.
 *
 * <p>When the log cannot take a write (a full disk), the batch's txns are refused with
 * NOTREADONLY, the log is cut back to its last durable txn and the prep stage is told to
 * forget everything after it; the next writes try the disk again, so the server recovers by
 * itself once there is room. When a sync fails, the disk's content is no longer known: the
 * batch is refused and so is every later write, until a restart reads back what is there.
 * ZooKeeper stops the whole server in both cases.
 */
final class SyncRequestProcessor extends StageThread {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRequestProcessor.class);
    private static final int MAX_BATCH = 1000;

    private TxnLog log;
    private final RequestProcessor next;
    private final Runnable snapshotTrigger;
    private final Consumer<Throwable> fatal;
    private final LogFence fence;
    private final int snapCount;
    private final RandomGenerator random;
    private final List<Request> batch = new ArrayList<>();
    private boolean appended;
    private long lastAppended;
    private long durableZxid;
    private boolean writesFailing;
    /** Refused txns may still be in the log: cutting them off failed too (the disk is still full). */
    private boolean cutBackPending;
    private int txnsSinceRoll;
    private int rollAt;

    SyncRequestProcessor(TxnLog log, RequestProcessor next, int snapCount, Runnable snapshotTrigger,
                         Consumer<Throwable> fatal, RandomGenerator random, LogFence fence) {
        super("paddock-sync");
        this.log = log;
        this.next = next;
        this.snapCount = Math.max(2, snapCount);
        this.snapshotTrigger = snapshotTrigger;
        this.fatal = fatal;
        this.random = random;
        this.fence = fence;
        this.durableZxid = log.lastZxid();
        this.rollAt = nextRollPoint();
    }

    private int nextRollPoint() {
        return snapCount / 2 + random.nextInt(snapCount / 2);
    }

    @Override
    protected void handle(Request r) throws IOException {
        if (r.logSwitchAction() != null) {
            switchLog(r);
            return;
        }
        batch.add(r);
        if (r.txn() != null && r.refusal() == 0) {
            if (r.generation() != fence.state().generation()) {
                r.refuse(Code.NOTREADONLY); // prepared against txns the log refused
            } else if (!append(r)) {
                return;
            }
        }
        if (batch.size() >= MAX_BATCH || queueIsEmpty()) {
            flush();
        }
    }

    private void switchLog(Request r) throws IOException {
        flush();
        try {
            log = r.logSwitchAction().switchFrom(durableZxid);
            r.switched().complete(null);
        } catch (IOException | RuntimeException e) {
            r.switched().completeExceptionally(e);
        }
    }

    /** Appends a txn; false if the log refused it, and with it the batch. */
    private boolean append(Request r) throws IOException {
        try {
            if (cutBackPending) {
                cutBack();
            }
            log.append(r.txn());
        } catch (IOException e) {
            writeFailed(e);
            return false;
        }
        appended = true;
        lastAppended = r.txn().zxid();
        if (++txnsSinceRoll >= rollAt) {
            log.roll();
            txnsSinceRoll = 0;
            rollAt = nextRollPoint();
            snapshotTrigger.run();
        }
        return true;
    }

    @Override
    protected void idle() throws IOException {
        flush();
    }

    @Override
    protected void stopping() throws IOException {
        flush();
        if (cutBackPending) {
            try {
                cutBack();
            } catch (IOException e) {
                LOG.error("txns after {} were refused but could not be cut off the log; they may reappear at the next"
                        + " start: {}", Zxid.hex(durableZxid), e.toString());
            }
        }
    }

    /**
     * Cuts the log back to the last durable txn, so refused txns never reach the disk later (a
     * close flushes). A sync failure here means the log's state is unknown: the stage stops the
     * server.
     */
    private void cutBack() throws IOException {
        log.truncateAfter(durableZxid);
        cutBackPending = false;
    }

    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        if (appended) {
            try {
                log.flush();
            } catch (IOException e) {
                writeFailed(e);
                return;
            }
            appended = false;
            durableZxid = lastAppended;
            if (writesFailing) {
                writesFailing = false;
                LOG.info("the txn log takes writes again");
            }
        }
        passBatchOn();
    }

    private void passBatchOn() {
        for (Request r : batch) {
            next.processRequest(r);
        }
        batch.clear();
    }

    private void writeFailed(IOException e) throws IOException {
        for (Request r : batch) {
            if (r.txn() != null) {
                r.refuse(Code.NOTREADONLY);
            }
        }
        appended = false;
        if (e instanceof SyncFailedException) {
            LOG.error("syncing the txn log failed; no more writes are accepted until a restart, as the disk may"
                    + " not hold what it was given (last durable txn {}): {}", Zxid.hex(durableZxid), e.toString(), e);
            fence.shut(durableZxid);
        } else {
            if (!writesFailing) {
                writesFailing = true;
                LOG.error("the txn log cannot take writes; refusing them until it can (last durable txn {}): {}",
                        Zxid.hex(durableZxid), e.toString());
            }
            fence.rollBack(durableZxid);
        }
        cutBackPending = true;
        try {
            cutBack();
        } catch (SyncFailedException fatal) {
            throw fatal;
        } catch (IOException stillFull) {
            LOG.debug("cutting the refused txns off failed too; trying again before the next write", stillFull);
        }
        passBatchOn();
    }

    @Override
    protected void onFailure(Throwable t) {
        // The log can no longer be trusted to hold what we acknowledge: stop, never pretend.
        fatal.accept(t);
    }
}
