package io.paddock.server.db;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.OpCode;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.api.txn.CreateSessionTxn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import io.paddock.server.session.SessionTracker;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.TxnResult;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The in-memory database: the tree, the sessions, and the zxid of the last txn applied. Live
 * requests and log replay apply txns through the same {@link #apply} method.
 */
public final class Database {
    private volatile DataTree tree;
    private final SessionTracker sessions;
    private volatile long lastProcessedZxid;

    public Database(SessionTracker sessions) {
        this.sessions = sessions;
        this.tree = new DataTree();
    }

    public DataTree tree() {
        return tree;
    }

    public SessionTracker sessions() {
        return sessions;
    }

    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    /** Applies a txn and moves lastProcessedZxid; sessions start or end with their txns. */
    public TxnResult apply(TxnEntry entry) {
        TxnHeader h = entry.header();
        TxnResult result = tree.apply(h.type(), entry.txn(), h.clientId(), h.zxid(), h.time());
        if (h.type() == OpCode.CREATE_SESSION) {
            sessions.add(h.clientId(), ((CreateSessionTxn) entry.txn()).timeOut());
        } else if (h.type() == OpCode.CLOSE_SESSION) {
            sessions.remove(h.clientId());
        }
        if (h.zxid() > lastProcessedZxid) {
            lastProcessedZxid = h.zxid();
        }
        return result;
    }

    /**
     * Moves lastProcessedZxid up to {@code zxid} without a txn: a new leader's database stands at
     * the first zxid of its epoch, as ZooKeeper's {@code Leader.startZkServer} sets it, so the
     * zxids its clients see belong to the epoch it leads.
     */
    public void advanceTo(long zxid) {
        if (zxid > lastProcessedZxid) {
            lastProcessedZxid = zxid;
        }
    }

    /** A sink that loads a snapshot into a fresh tree; {@link Loader#finish} installs it. */
    public Loader loader() {
        return new Loader();
    }

    /**
     * Receives a snapshot's contents and installs them as this database's state: the tree and
     * the sessions are replaced together at {@link #finish}, so a load given up halfway leaves
     * the database as it was.
     */
    public final class Loader implements SnapshotSink {
        private final DataTree loading = DataTree.forLoading();
        private final Map<Long, Integer> loadedSessions = new LinkedHashMap<>();
        private ZxidDigest digest;

        @Override
        public void session(long sessionId, int timeout) {
            loadedSessions.put(sessionId, timeout);
        }

        @Override
        public void acl(long ref, List<Acl> acl) {
            loading.aclCache().restore(ref, acl);
        }

        @Override
        public void node(SnapshotNode node) {
            loading.load(node);
        }

        @Override
        public void digest(ZxidDigest d) {
            digest = d;
        }

        /** The digest the loaded snapshot carried, or null. */
        public ZxidDigest snapshotDigest() {
            return digest;
        }

        public void finish(long zxid) {
            loading.finishLoad();
            sessions.clear();
            loadedSessions.forEach(sessions::add);
            tree = loading;
            lastProcessedZxid = zxid;
        }
    }

    /**
     * Waits until txns through {@code zxid} are applied: a stage that hands txns to the final
     * stage catches up with it before the database changes under it.
     */
    public void awaitApplied(long zxid, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lastProcessedZxid < zxid) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the database did not reach zxid " + Zxid.hex(zxid) + " within " + timeout);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** A fuzzy view for the snapshot store: it reads the live tree while txns go on. */
    public SnapshotData snapshotView() {
        DataTree t = tree;
        return new SnapshotData() {
            @Override
            public Map<Long, Integer> sessions() {
                return sessions.snapshot();
            }

            @Override
            public Map<Long, List<Acl>> acls() {
                return t.aclCache().entries();
            }

            @Override
            public void forEachNode(Consumer<SnapshotNode> visitor) {
                t.forEachNode(visitor);
            }

            @Override
            public ZxidDigest digest() {
                return t.lastZxidDigest();
            }
        };
    }
}
