package io.paddock.server.tree;

import io.paddock.api.storage.ZxidDigest;
import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.EventType;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.Stat;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.txn.CheckVersionTxn;
import io.paddock.api.txn.CloseSessionTxn;
import io.paddock.api.txn.CreateContainerTxn;
import io.paddock.api.txn.CreateTtlTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.MultiTxn;
import io.paddock.api.txn.SetAclTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.Txn;
import io.paddock.server.watch.WatchTable;
import io.paddock.server.watch.Watcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The znode tree and its watch tables. Txns are applied by one thread at a time; reads may
 * run on other threads. Applying is idempotent for replay over a fuzzy snapshot: a create of an
 * existing node or a delete of a missing one reports the error and changes nothing else
 * (protocol.md section 16.5).
 */
public final class DataTree {
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private final Map<String, DataNode> nodes = new ConcurrentHashMap<>();
    private final Map<Long, Set<String>> ephemerals = new ConcurrentHashMap<>();
    private final AclCache acls = new AclCache();
    private final WatchTable dataWatches = new WatchTable();
    private final WatchTable childWatches = new WatchTable();
    private final AtomicLong approximateDataSize = new AtomicLong();
    private final QuotaTracker quotas = new QuotaTracker(nodes);
    /** The version of the digest method this tree computes (protocol.md section 16.6). */
    public static final int DIGEST_VERSION = NodeDigest.VERSION;

    private final DigestLog digestLog = new DigestLog();
    /**
     * The sum of every node's digest, wrapping (protocol.md section 16.6). Kept as nodes change,
     * never by a walk; written only by the thread applying txns.
     */
    private volatile long digest;

    /** A new tree: the root and the nodes under /zookeeper that always exist (section 11). */
    public DataTree() {
        DataNode root = new DataNode(new byte[0], AclCache.OPEN_UNSAFE_REF, 0, 0, 0);
        nodes.put("/", root);
        added("/", root);
        addMissingSystemNodes();
    }

    private DataTree(boolean empty) {
    }

    /** A tree with no nodes at all, to load a snapshot into; finish with {@link #finishLoad()}. */
    public static DataTree forLoading() {
        return new DataTree(true);
    }

    /** Checks a loaded tree has its root, and adds any system node an old snapshot lacked. */
    public void finishLoad() {
        if (!nodes.containsKey("/")) {
            throw new IllegalStateException("snapshot has no root node");
        }
        addMissingSystemNodes();
        // After a snapshot, as ZooKeeper's deserialize does: the txns replayed next update the stats.
        quotas.setUp();
    }

    private void addMissingSystemNodes() {
        addSystemNode(ZOOKEEPER, Perms.OPEN_ACL_UNSAFE);
        addSystemNode(QUOTA, Perms.OPEN_ACL_UNSAFE);
        DataNode config = addSystemNode(CONFIG, Perms.READ_ACL_UNSAFE);
        if (config != null) {
            config.aversion = -1;
        }
    }

    /**
     * Shows a quorum's membership in {@code /zookeeper/config}, as ZooKeeper's
     * {@code ZKDatabase.initConfigInZKDatabase} does outside any txn: the text as data, the
     * configuration's version as mzxid, and -1 as the data version (QUORUM-FACTS.md). The node
     * is outside the tree digest, so servers that show it keep digests a standalone one shares.
     */
    public void showConfig(byte[] text, long version, long time) {
        DataNode node = nodes.get(CONFIG);
        if (node == null) {
            addMissingSystemNodes();
            node = nodes.get(CONFIG);
        }
        synchronized (node) {
            approximateDataSize.addAndGet(text.length - (node.data == null ? 0 : node.data.length));
            node.data = text.clone();
            node.mzxid = version;
            node.mtime = time;
            node.version = -1;
            changed(CONFIG, node);
        }
    }

    private DataNode addSystemNode(String path, List<Acl> acl) {
        if (nodes.containsKey(path)) {
            return null;
        }
        DataNode node = new DataNode(new byte[0], acls.intern(acl), 0, 0, 0);
        nodes.put(path, node);
        added(path, node);
        nodes.get(PathValidator.parent(path)).addChild(PathValidator.name(path));
        return node;
    }

    // ---- the tree digest: every change to a hashed field goes through these ----

    private void added(String path, DataNode node) {
        node.digest = NodeDigest.of(path, node);
        digest += node.digest;
    }

    private void removed(DataNode node) {
        digest -= node.digest;
    }

    /** After a change to a node's hashed fields; the caller holds its monitor. */
    private void changed(String path, DataNode node) {
        long now = NodeDigest.of(path, node);
        digest += now - node.digest;
        node.digest = now;
    }

    /** The digest of the whole tree as it is now (protocol.md section 16.6). */
    public long digest() {
        return digest;
    }

    /** The digest after the last applied txn, with its zxid; null before the first txn. */
    public ZxidDigest lastZxidDigest() {
        return digestLog.last();
    }

    /** The recent digests the {@code hash} four-letter word prints. */
    public DigestLog digestLog() {
        return digestLog;
    }

    public DataNode node(String path) {
        return nodes.get(path);
    }

    public List<Acl> acl(DataNode node) {
        return acls.get(node.aclRef());
    }

    public AclCache aclCache() {
        return acls;
    }

    public QuotaTracker quotas() {
        return quotas;
    }

    public WatchTable dataWatches() {
        return dataWatches;
    }

    public WatchTable childWatches() {
        return childWatches;
    }

    public int nodeCount() {
        return nodes.size();
    }

    public long approximateDataSize() {
        return approximateDataSize.get();
    }

    /** How many nodes lie below a node, at any depth (getAllChildrenNumber). */
    public int countDescendants(String path) {
        int count = 0;
        Deque<String> todo = new ArrayDeque<>();
        todo.push(path);
        while (!todo.isEmpty()) {
            String p = todo.pop();
            DataNode n = nodes.get(p);
            if (n == null) {
                continue;
            }
            String prefix = p.equals("/") ? "/" : p + "/";
            for (String c : n.children()) {
                count++;
                todo.push(prefix + c);
            }
        }
        return count;
    }

    /** The ephemeral paths a session owns (a copy). */
    public Set<String> ephemerals(long sessionId) {
        Set<String> set = ephemerals.get(sessionId);
        if (set == null) {
            return Set.of();
        }
        synchronized (set) {
            return Set.copyOf(set);
        }
    }

    public int ephemeralCount() {
        int n = 0;
        for (Set<String> s : ephemerals.values()) {
            synchronized (s) {
                n += s.size();
            }
        }
        return n;
    }

    public Map<Long, Set<String>> ephemeralsBySession() {
        Map<Long, Set<String>> copy = new TreeMap<>();
        ephemerals.forEach((id, set) -> {
            synchronized (set) {
                copy.put(id, Set.copyOf(set));
            }
        });
        return copy;
    }

    /**
     * Applies one txn: the single place state changes, for live requests and replay alike.
     * Every txn, error and session txns included, then records the tree digest, as ZooKeeper's
     * processTxn does.
     */
    public TxnResult apply(int type, Txn txn, long sessionId, long zxid, long time) {
        TxnResult result = applyOne(type, txn, sessionId, zxid, time);
        digestLog.record(zxid, digest);
        return result;
    }

    private TxnResult applyOne(int type, Txn txn, long sessionId, long zxid, long time) {
        if (txn instanceof CreateTxn t) {
            return create(type, t.path(), t.data(), t.acl(), t.ephemeral() ? sessionId : 0, t.parentCVersion(), zxid,
                    time);
        } else if (txn instanceof CreateContainerTxn t) {
            return create(type, t.path(), t.data(), t.acl(), EphemeralOwner.CONTAINER, t.parentCVersion(), zxid, time);
        } else if (txn instanceof CreateTtlTxn t) {
            return create(type, t.path(), t.data(), t.acl(), EphemeralOwner.ttl(t.ttl()), t.parentCVersion(), zxid,
                    time);
        } else if (txn instanceof DeleteTxn t) {
            return TxnResult.of(type, delete(t.path(), zxid), t.path(), null);
        } else if (txn instanceof SetDataTxn t) {
            return setData(type, t, zxid, time);
        } else if (txn instanceof SetAclTxn t) {
            return setAcl(type, t);
        } else if (txn instanceof CloseSessionTxn t) {
            return closeSession(type, t, sessionId, zxid);
        } else if (txn instanceof ErrorTxn t) {
            return TxnResult.error(type, t.err());
        } else if (txn instanceof MultiTxn t) {
            return multi(t, sessionId, zxid, time);
        } else if (txn instanceof CheckVersionTxn t) {
            return TxnResult.of(type, Code.OK, t.path(), null);
        }
        return TxnResult.of(type, Code.OK, null, null); // createSession: sessions are the database's
    }

    private TxnResult multi(MultiTxn multi, long sessionId, long zxid, long time) {
        List<TxnResult> results = new ArrayList<>(multi.txns().size());
        if (multi.failed()) {
            // protocol.md 16.4: a failed multi changes nothing; its entries are reported as logged.
            for (MultiTxn.Entry e : multi.txns()) {
                int err = e.txn() instanceof ErrorTxn et ? et.err() : Code.OK;
                results.add(TxnResult.error(OpCode.ERROR, err));
            }
        } else {
            for (MultiTxn.Entry e : multi.txns()) {
                results.add(applyOne(e.type(), e.txn(), sessionId, zxid, time));
            }
        }
        return new TxnResult(OpCode.MULTI, Code.OK, null, null, results);
    }

    private TxnResult create(int type, String path, byte[] data, List<Acl> acl, long owner, int parentCVersion,
                             long zxid, long time) {
        String parentPath = PathValidator.parent(path);
        DataNode parent = nodes.get(parentPath);
        if (parent == null) {
            return TxnResult.error(type, Code.NONODE);
        }
        String name = PathValidator.name(path);
        DataNode node;
        synchronized (parent) {
            if (nodes.containsKey(path)) {
                // Replay over a fuzzy snapshot: the parent may still lack this create's cversion.
                // ZooKeeper 3.9.3 catches it up for plain creates (type 1, in a multi too) only,
                // and the trees, hence their digests, must agree (protocol.md 16.5, 16.6).
                if (type == OpCode.CREATE) {
                    int cversion = parentCVersion == -1 ? parent.cversion + 1 : parentCVersion;
                    if (cversion > parent.cversion) {
                        parent.cversion = cversion;
                        parent.pzxid = zxid;
                        changed(parentPath, parent);
                    }
                }
                return TxnResult.error(type, Code.NODEEXISTS);
            }
            if (parentCVersion == -1) {
                parentCVersion = parent.cversion + 1;
            }
            if (parentCVersion > parent.cversion) {
                parent.cversion = parentCVersion;
                parent.pzxid = zxid;
                changed(parentPath, parent);
            }
            node = new DataNode(data, acls.intern(acl), zxid, time, owner);
            nodes.put(path, node);
            added(path, node);
            parent.addChild(name);
        }
        // The reply's Stat is taken before the quota update, which may rewrite a new stats node.
        Stat stat = node.stat();
        quotas.created(path, data);
        approximateDataSize.addAndGet(path.length() + (data == null ? 0 : data.length));
        long session = EphemeralOwner.session(owner);
        if (session != 0) {
            Set<String> set = ephemerals.computeIfAbsent(session, s -> new HashSet<>());
            synchronized (set) {
                set.add(path);
            }
        }
        fire(dataWatches, path, EventType.NODE_CREATED, zxid, null, acl);
        fire(childWatches, parentPath, EventType.NODE_CHILDREN_CHANGED, zxid, null, acls.get(parent.aclRef()));
        return TxnResult.of(type, Code.OK, path, stat);
    }

    /** Deletes a node; returns the error code (NONODE if absent). */
    int delete(String path, long zxid) {
        String parentPath = PathValidator.parent(path);
        DataNode parent = nodes.get(parentPath);
        if (parent == null) {
            return Code.NONODE;
        }
        DataNode node;
        synchronized (parent) {
            // As ZooKeeper does, the parent's pzxid moves even if the child is already gone: a
            // replayed delete over a fuzzy snapshot that missed it (protocol.md 16.5).
            if (zxid > parent.pzxid) {
                parent.pzxid = zxid;
                changed(parentPath, parent);
            }
            node = nodes.remove(path);
            if (node == null) {
                return Code.NONODE;
            }
            removed(node);
            parent.removeChild(PathValidator.name(path));
        }
        byte[] data = node.data();
        approximateDataSize.addAndGet(-(path.length() + (data == null ? 0 : data.length)));
        quotas.deleted(path, data);
        List<Acl> nodeAcl = acls.get(node.aclRef());
        acls.release(node.aclRef());
        long session = EphemeralOwner.session(node.ephemeralOwner());
        if (session != 0) {
            Set<String> set = ephemerals.get(session);
            if (set != null) {
                synchronized (set) {
                    set.remove(path);
                    if (set.isEmpty()) {
                        ephemerals.remove(session);
                    }
                }
            }
        }
        Set<Watcher> notified = fire(dataWatches, path, EventType.NODE_DELETED, zxid, null, nodeAcl);
        fire(childWatches, path, EventType.NODE_DELETED, zxid, notified, nodeAcl);
        fire(childWatches, parentPath, EventType.NODE_CHILDREN_CHANGED, zxid, null, acls.get(parent.aclRef()));
        return Code.OK;
    }

    private TxnResult setData(int type, SetDataTxn t, long zxid, long time) {
        DataNode node = nodes.get(t.path());
        if (node == null) {
            return TxnResult.error(type, Code.NONODE);
        }
        byte[] old;
        Stat stat;
        synchronized (node) {
            old = node.data;
            node.data = t.data();
            node.version = t.version();
            node.mzxid = zxid;
            node.mtime = time;
            changed(t.path(), node);
            stat = node.stat();
        }
        approximateDataSize.addAndGet((t.data() == null ? 0 : t.data().length) - (old == null ? 0 : old.length));
        quotas.dataChanged(t.path(), old, t.data());
        fire(dataWatches, t.path(), EventType.NODE_DATA_CHANGED, zxid, null, acl(node));
        return TxnResult.of(type, Code.OK, t.path(), stat);
    }

    private TxnResult setAcl(int type, SetAclTxn t) {
        DataNode node = nodes.get(t.path());
        if (node == null) {
            return TxnResult.error(type, Code.NONODE);
        }
        long ref = acls.intern(t.acl());
        long old;
        synchronized (node) {
            old = node.aclRef;
            node.aclRef = ref;
            node.aversion = t.version();
            changed(t.path(), node);
        }
        acls.release(old);
        return TxnResult.of(type, Code.OK, t.path(), node.stat());
    }

    private TxnResult closeSession(int type, CloseSessionTxn t, long sessionId, long zxid) {
        List<String> paths = t.paths2Delete() != null ? t.paths2Delete() : List.copyOf(ephemerals(sessionId));
        for (String p : paths) {
            delete(p, zxid);
        }
        ephemerals.remove(sessionId);
        return TxnResult.of(type, Code.OK, null, null);
    }

    /**
     * Notifies the watchers a change triggers, once each. A watcher that may not read the node
     * (its parent, for NodeChildrenChanged) has its watch used up but hears nothing, as in
     * ZooKeeper 3.8.4+ (protocol.md section 12.2).
     */
    private Set<Watcher> fire(WatchTable table, String path, int eventType, long zxid, Set<Watcher> skip,
                              List<Acl> acl) {
        Set<Watcher> watchers = table.trigger(path);
        for (Watcher w : watchers) {
            if ((skip == null || !skip.contains(w)) && w.mayRead(acl)) {
                w.notify(eventType, path, zxid);
            }
        }
        return watchers;
    }

    /** Forgets a closed connection's watches. */
    public void removeWatcher(Watcher watcher) {
        dataWatches.removeWatcher(watcher);
        childWatches.removeWatcher(watcher);
    }

    // ---- snapshots ----

    /** Visits every node parent-first, the root as "" (protocol.md section 16.5). */
    public void forEachNode(Consumer<SnapshotNode> visitor) {
        Deque<String> stack = new ArrayDeque<>();
        stack.push("/");
        while (!stack.isEmpty()) {
            String path = stack.pop();
            DataNode node = nodes.get(path);
            if (node == null) {
                continue; // deleted while the fuzzy snapshot walks
            }
            List<String> children;
            SnapshotNode snap;
            synchronized (node) {
                snap = new SnapshotNode(path.equals("/") ? "" : path, node.data, node.aclRef, node.persistedStat());
                children = node.children();
            }
            visitor.accept(snap);
            String prefix = path.equals("/") ? "/" : path + "/";
            for (String c : children) {
                stack.push(prefix + c);
            }
        }
    }

    /** Adds a node read from a snapshot into a tree from {@link #forLoading()}; parents come first. */
    public void load(SnapshotNode n) {
        String path = n.path().isEmpty() ? "/" : n.path();
        acls.claim(n.aclRef());
        DataNode node = new DataNode(n.data(), n.aclRef(), n.stat());
        if (nodes.putIfAbsent(path, node) != null) {
            throw new IllegalStateException("snapshot holds node " + path + " twice");
        }
        added(path, node);
        if (!path.equals("/")) {
            DataNode parent = nodes.get(PathValidator.parent(path));
            if (parent == null) {
                throw new IllegalStateException("snapshot node " + path + " comes before its parent");
            }
            parent.addChild(PathValidator.name(path));
            approximateDataSize.addAndGet(path.length() + (n.data() == null ? 0 : n.data().length));
        }
        long session = EphemeralOwner.session(n.stat().ephemeralOwner());
        if (session != 0) {
            ephemerals.computeIfAbsent(session, x -> new HashSet<>()).add(path);
        }
    }
}
