package io.paddock.server.processor;

import io.paddock.api.storage.TxnLog;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import io.paddock.server.db.Database;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * The stages a quorum role drives: sync, which logs the txns the role hands it with group commit
 * and tells the role when each is durable (a follower's {@code SyncRequestProcessor →
 * SendAckRequestProcessor}, the leader's {@code Sync → AckRequestProcessor}), and final, which
 * applies committed txns in order. The same sync stage as standalone: snapshots every snapCount
 * txns, and a log that cannot take a txn stops the server, since a replica must never ack what
 * it does not hold.
 */
public final class ReplicaPipeline {
    private final Database db;
    private final SyncRequestProcessor sync;
    private final FinalRequestProcessor fin;
    private final PendingChanges pending;
    private final RequestStats stats = new RequestStats();
    private final Extensions extensions;
    private final Consumer<Throwable> fatal;
    private volatile long lastCommitted;
    /** Where commits go while the server serves clients in a role; null while it does not. */
    private volatile CommitStage commitStage;

    /**
     * @param snapshotTrigger asked, from the sync thread, to start a snapshot after a log roll
     * @param fatal           told when the log fails; the server must stop
     */
    public ReplicaPipeline(Database db, TxnLog log, int snapCount, Runnable snapshotTrigger,
                           Consumer<Throwable> fatal, Extensions extensions) {
        this.db = db;
        this.fatal = fatal;
        this.extensions = extensions;
        this.lastCommitted = db.lastProcessedZxid();
        pending = new PendingChanges(db::tree);
        fin = new FinalRequestProcessor(db, pending, stats, extensions);
        sync = new SyncRequestProcessor(log, new DurableNotice(), snapCount, snapshotTrigger, fatal,
                RandomGenerator.getDefault(), new LogFence());
        fin.start();
        sync.start();
    }

    /** Logs a txn; {@code durable} hears its zxid, on the sync thread, once it is on disk. */
    public void log(TxnEntry txn, LongConsumer durable) {
        sync.processRequest(Request.replicated(txn, durable));
    }

    /**
     * Applies a committed txn; txns are applied in the order given. While clients are served, the
     * commit stage matches it with this server's request of it first, whose client gets the reply.
     */
    public void commit(TxnEntry txn) {
        lastCommitted = txn.zxid();
        CommitStage stage = commitStage;
        if (stage != null) {
            stage.committed(txn);
        } else {
            fin.processRequest(Request.replicated(txn, null));
        }
    }

    /** Serves clients with {@code stage} between them and the final stage; null stops serving. */
    void serveThrough(CommitStage stage) {
        CommitStage old = commitStage;
        commitStage = stage;
        if (old != null) {
            old.clear();
        }
    }

    /** Closes, through {@code closer}, the connection of a session a closeSession from elsewhere ended. */
    public void onSessionClosedElsewhere(LongConsumer closer) {
        fin.onSessionClosedElsewhere(closer);
    }

    Database db() {
        return db;
    }

    RequestProcessor finalStage() {
        return fin;
    }

    PendingChanges pendingChanges() {
        return pending;
    }

    Extensions extensions() {
        return extensions;
    }

    public RequestStats stats() {
        return stats;
    }

    /** The zxid of the last txn handed to {@link #commit}, applied or about to be. */
    public long lastCommitted() {
        return lastCommitted;
    }

    /**
     * Runs {@code logSwitch} on the sync thread once everything logged before it is durable;
     * what it returns is the log from then on (the same one, cut, for a truncation).
     */
    public CompletableFuture<Void> switchLog(LogSwitch logSwitch) {
        Request r = Request.logSwitch(logSwitch);
        sync.processRequest(r);
        return r.switched();
    }

    /** Stops the stages in order, each after the txns queued before it are through. */
    public void shutdown() {
        sync.shutdown();
        fin.shutdown();
    }

    /** After sync: a refused txn means the log failed; a replica must stop rather than ack. */
    private final class DurableNotice implements RequestProcessor {
        @Override
        public void processRequest(Request r) {
            if (r.refusal() != 0) {
                fatal.accept(new IOException("the txn log could not take txn " + Zxid.hex(r.txn().zxid())));
            } else if (r.durable() != null) {
                r.durable().accept(r.txn().zxid());
            }
        }

        @Override
        public void shutdown() {
        }
    }
}
