package io.paddock.server.replica;

import io.paddock.api.proto.Acl;
import io.paddock.api.quorum.Replica;
import io.paddock.api.quorum.SnapshotInstall;
import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import io.paddock.server.db.Database;
import io.paddock.server.db.Recovery;
import io.paddock.server.db.Snapshotter;
import io.paddock.server.processor.Extensions;
import io.paddock.server.processor.LogSwitch;
import io.paddock.server.processor.ReplicaPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's database and storage as a quorum role replicates them: the role logs and commits
 * txns through a {@link ReplicaPipeline}, and cuts or replaces the database when its leader says
 * so. Cuts and replacements run after every txn handed over before them is logged and applied,
 * and on the snapshot thread, so that no background snapshot reads a database being replaced.
 */
public final class ServerReplica implements Replica, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerReplica.class);
    /** How long a cut or a replacement may wait for the stages: a large tree's snapshot takes seconds. */
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(5);

    private final Database db;
    private final Storage storage;
    private final Snapshotter snapshotter;
    private final ReplicaPipeline pipeline;
    private volatile long lastLogged;
    private volatile long historyStart;
    /** The membership /zookeeper/config shows, kept for every reload; null until given. */
    private volatile byte[] configText;
    private volatile long configVersion;

    /**
     * Replicates into {@code db}, already recovered from {@code storage}.
     *
     * @param fatal told when the log fails; the server must stop
     */
    public ServerReplica(Database db, Storage storage, int snapCount, Consumer<Throwable> fatal, Extensions extensions)
            throws IOException {
        this.db = db;
        this.storage = storage;
        this.snapshotter = new Snapshotter(db, storage.snapshots());
        this.pipeline = new ReplicaPipeline(db, storage.txnLog(), snapCount, snapshotter::trigger, fatal, extensions);
        this.lastLogged = Math.max(storage.txnLog().lastZxid(), db.lastProcessedZxid());
        this.historyStart = newestSnapshotAtMost(db.lastProcessedZxid());
    }

    /**
     * The newest stored snapshot not after {@code zxid}: the one recovery loaded, or, if that one
     * was damaged and skipped, a newer one, which only makes the history start later (safe).
     */
    private long newestSnapshotAtMost(long zxid) throws IOException {
        return storage.snapshots().list().stream().filter(z -> z <= zxid).findFirst().orElse(0L);
    }

    /** The stages the client chains of a role build on. */
    public ReplicaPipeline pipeline() {
        return pipeline;
    }

    @Override
    public void showConfig(String text, long version) {
        configText = text.getBytes(StandardCharsets.UTF_8);
        configVersion = version;
        showConfig();
    }

    /** The membership text /zookeeper/config shows; null until the peer gave it. */
    public String membership() {
        byte[] text = configText;
        return text == null ? null : new String(text, StandardCharsets.UTF_8);
    }

    /** After a load replaced the tree: this server's membership, not the one the data came with. */
    private void showConfig() {
        byte[] text = configText;
        if (text != null) {
            db.tree().showConfig(text, configVersion, System.currentTimeMillis());
        }
    }

    @Override
    public QuorumEpochs epochs() {
        return storage.epochs();
    }

    @Override
    public long lastLoggedZxid() {
        return lastLogged;
    }

    @Override
    public long lastProcessedZxid() {
        return db.lastProcessedZxid();
    }

    @Override
    public long historyStart() {
        return historyStart;
    }

    @Override
    public TxnReader readLog(long zxid) throws IOException {
        if (zxid < historyStart) {
            throw new IOException("the log is history only after " + Zxid.hex(historyStart) + ", not after "
                    + Zxid.hex(zxid));
        }
        return storage.txnLog().readAfter(zxid);
    }

    @Override
    public SnapshotData snapshotView() {
        return db.snapshotView();
    }

    @Override
    public void log(TxnEntry txn, LongConsumer durable) {
        lastLogged = Math.max(lastLogged, txn.zxid());
        pipeline.log(txn, durable);
    }

    @Override
    public void commit(TxnEntry txn) {
        pipeline.commit(txn);
    }

    @Override
    public void applyLogged() throws IOException {
        db.awaitApplied(pipeline.lastCommitted(), STAGE_TIMEOUT);
        // Everything handed to the sync stage is on disk once a log switch to the same log has run.
        switchOnSyncThread(durable -> storage.txnLog(), "flushing the log");
        long last = db.lastProcessedZxid();
        int applied = 0;
        try (TxnReader reader = storage.txnLog().readAfter(last)) {
            for (TxnEntry e = reader.next(); e != null; e = reader.next()) {
                pipeline.commit(e);
                last = e.zxid();
                applied++;
            }
        }
        db.awaitApplied(last, STAGE_TIMEOUT);
        if (applied > 0) {
            LOG.info("applied {} logged txns the last term never committed here, through {}", applied, Zxid.hex(last));
        }
    }

    @Override
    public void truncateAfter(long zxid) throws IOException {
        cutLogAfter(zxid);
        snapshotter.exclusive(() -> {
            Recovery.recover(db, storage);
            showConfig();
            return null;
        });
        historyStart = newestSnapshotAtMost(zxid);
        lastLogged = Math.max(storage.txnLog().lastZxid(), db.lastProcessedZxid());
        LOG.info("truncated the log after {} as the leader asked; database reloaded at {}", Zxid.hex(zxid),
                Zxid.hex(db.lastProcessedZxid()));
    }

    @Override
    public SnapshotInstall installSnapshot(long zxid) throws IOException {
        cutLogAfter(zxid);
        return new Install(zxid, db.loader());
    }

    /**
     * Once everything handed over is logged and applied, and no snapshot is being written, drops
     * the snapshots after {@code zxid} and then the log after it: a crash in between leaves the
     * log as the leader found it, and no snapshot can bring the cut txns back at the next start.
     */
    private void cutLogAfter(long zxid) throws IOException {
        db.awaitApplied(pipeline.lastCommitted(), STAGE_TIMEOUT);
        snapshotter.exclusive(() -> {
            storage.snapshots().removeAfter(zxid);
            cutTxnLogAfter(zxid);
            return null;
        });
        lastLogged = Math.min(lastLogged, zxid);
    }

    /** Cuts the log on the sync thread, between two batches. */
    private void cutTxnLogAfter(long zxid) throws IOException {
        switchOnSyncThread(durable -> {
            storage.txnLog().truncateAfter(zxid);
            return storage.txnLog();
        }, "cutting the log after " + Zxid.hex(zxid));
    }

    /** Runs {@code work} on the sync thread once everything handed to it before is durable. */
    private void switchOnSyncThread(LogSwitch work, String what) throws IOException {
        try {
            pipeline.switchLog(work).get(STAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(what + " did not finish", e);
        }
    }

    /** A leader's snapshot being loaded beside the live database, which it replaces at the end. */
    private final class Install implements SnapshotInstall {
        private final long zxid;
        private final Database.Loader loader;

        Install(long zxid, Database.Loader loader) {
            this.zxid = zxid;
            this.loader = loader;
        }

        @Override
        public void session(long sessionId, int timeout) {
            loader.session(sessionId, timeout);
        }

        @Override
        public void acl(long ref, List<Acl> acl) {
            loader.acl(ref, acl);
        }

        @Override
        public void node(SnapshotNode node) {
            loader.node(node);
        }

        @Override
        public void digest(ZxidDigest digest) {
            loader.digest(digest);
        }

        @Override
        public void finish() throws IOException {
            snapshotter.exclusive(() -> {
                loader.finish(zxid);
                showConfig();
                storage.snapshots().write(zxid, db.snapshotView());
                return null;
            });
            historyStart = zxid;
            lastLogged = Math.max(lastLogged, zxid);
            LOG.info("installed the leader's snapshot at {}: {} nodes, {} sessions", Zxid.hex(zxid),
                    db.tree().nodeCount(), db.sessions().size());
        }

        @Override
        public void abandon() {
            LOG.warn("the leader's snapshot at {} was not installed; the database stays at {}", Zxid.hex(zxid),
                    Zxid.hex(db.lastProcessedZxid()));
        }
    }

    /** Stops the stages after what is queued; the storage stays open, it is the server's. */
    @Override
    public void close() {
        pipeline.shutdown();
        snapshotter.close();
    }
}
