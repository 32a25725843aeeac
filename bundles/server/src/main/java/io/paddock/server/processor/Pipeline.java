package io.paddock.server.processor;

import io.paddock.api.storage.TxnLog;
import io.paddock.server.db.Database;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The standalone chain, as ZooKeeper sets it up: prep, then sync (log and group commit), then
 * final (apply and reply). Reading this constructor is reading the path of a request.
 */
public final class Pipeline implements RequestChain {
    private final PrepRequestProcessor prep;
    private final SyncRequestProcessor sync;
    private final FinalRequestProcessor fin;
    private final RequestStats stats = new RequestStats();
    private final LogFence fence = new LogFence();
    private final Extensions extensions;

    /**
     * @param snapshotTrigger asked, from the sync thread, to start a snapshot after a log roll
     * @param fatal           told when the log fails in a way the server cannot survive
     */
    public Pipeline(Database db, TxnLog log, boolean extendedTypes, int snapCount, Runnable snapshotTrigger,
                    Consumer<Throwable> fatal) {
        this(db, log, extendedTypes, false, snapCount, snapshotTrigger, fatal);
    }

    /** @param enforceQuota refuse creates and setData that pass a hard quota (protocol.md section 11) */
    public Pipeline(Database db, TxnLog log, boolean extendedTypes, boolean enforceQuota, int snapCount,
                    Runnable snapshotTrigger, Consumer<Throwable> fatal) {
        this(db, log, extendedTypes, enforceQuota, snapCount, snapshotTrigger, fatal, new Extensions());
    }

    /** @param extensions the request extensions in force, which may change while the pipeline runs */
    public Pipeline(Database db, TxnLog log, boolean extendedTypes, boolean enforceQuota, int snapCount,
                    Runnable snapshotTrigger, Consumer<Throwable> fatal, Extensions extensions) {
        this.extensions = extensions;
        PendingChanges pending = new PendingChanges(db::tree);
        fin = new FinalRequestProcessor(db, pending, stats, extensions);
        sync = new SyncRequestProcessor(log, fin, snapCount, snapshotTrigger, fatal, RandomGenerator.getDefault(),
                fence);
        prep = new PrepRequestProcessor(sync, fin, pending, db.sessions(), db.lastProcessedZxid(), extendedTypes,
                enforceQuota, db::tree, System::currentTimeMillis, fence, extensions);
        fin.start();
        sync.start();
        prep.start();
    }

    /** Takes a request in, on the caller's thread (a connection's): extensions see it received. */
    @Override
    public void submit(Request r) {
        stats.submitted();
        prep.processRequest(extensions.received(r));
    }

    /**
     * Moves the log to other storage between two batches: writes wait meanwhile, reads go on.
     * Completes once the switch has run.
     */
    public CompletableFuture<Void> switchLog(LogSwitch logSwitch) {
        Request r = Request.logSwitch(logSwitch);
        prep.processRequest(r);
        return r.switched();
    }

    /** True once a failed sync made the server refuse every write until it restarts. */
    public boolean readOnly() {
        return fence.readOnly();
    }

    public RequestStats stats() {
        return stats;
    }

    /** Stops the stages in order, each after the requests queued before it are through. */
    public void shutdown() {
        prep.shutdown();
        sync.shutdown();
        fin.shutdown();
    }
}
