package io.paddock.server.processor;

import io.paddock.api.storage.TxnLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Second stage: appends each txn to the log and syncs once per batch (group commit). A batch
 * ends when the queue runs dry or holds {@value #MAX_BATCH} requests; only then does any of
 * its requests go on, so no reply leaves before its txn is durable. Every snapCount txns
 * (randomised, as ZooKeeper does, so an ensemble does not snapshot in step) it rolls the log
 * and asks for a snapshot.
 */
final class SyncRequestProcessor extends StageThread {
    private static final int MAX_BATCH = 1000;

    private final TxnLog log;
    private final RequestProcessor next;
    private final Runnable snapshotTrigger;
    private final Consumer<Throwable> fatal;
    private final int snapCount;
    private final RandomGenerator random;
    private final List<Request> batch = new ArrayList<>();
    private boolean appended;
    private int txnsSinceRoll;
    private int rollAt;

    SyncRequestProcessor(TxnLog log, RequestProcessor next, int snapCount, Runnable snapshotTrigger,
                         Consumer<Throwable> fatal, RandomGenerator random) {
        super("paddock-sync");
        this.log = log;
        this.next = next;
        this.snapCount = Math.max(2, snapCount);
        this.snapshotTrigger = snapshotTrigger;
        this.fatal = fatal;
        this.random = random;
        this.rollAt = nextRollPoint();
    }

    private int nextRollPoint() {
        return snapCount / 2 + random.nextInt(snapCount / 2);
    }

    @Override
    protected void handle(Request r) throws IOException {
        if (r.txn() != null) {
            log.append(r.txn());
            appended = true;
            if (++txnsSinceRoll >= rollAt) {
                log.roll();
                txnsSinceRoll = 0;
                rollAt = nextRollPoint();
                snapshotTrigger.run();
            }
        }
        batch.add(r);
        if (batch.size() >= MAX_BATCH || queueIsEmpty()) {
            flush();
        }
    }

    @Override
    protected void idle() throws IOException {
        flush();
    }

    @Override
    protected void stopping() throws IOException {
        flush();
    }

    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        if (appended) {
            log.flush();
            appended = false;
        }
        for (Request r : batch) {
            next.processRequest(r);
        }
        batch.clear();
    }

    @Override
    protected void onFailure(Throwable t) {
        // The log can no longer be trusted to hold what we acknowledge: stop, never pretend.
        fatal.accept(t);
    }
}
