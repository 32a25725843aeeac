package io.paddock.server.processor;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.CheckVersionRequest;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.CreateMode;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.CreateTtlRequest;
import io.paddock.api.proto.DeleteRequest;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.MultiRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathRequest;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.SetAclRequest;
import io.paddock.api.proto.SetDataRequest;
import io.paddock.api.txn.CheckVersionTxn;
import io.paddock.api.txn.CloseSessionTxn;
import io.paddock.api.txn.CreateContainerTxn;
import io.paddock.api.txn.CreateSessionTxn;
import io.paddock.api.txn.CreateTtlTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.MultiTxn;
import io.paddock.api.txn.SetAclTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.Txn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import io.paddock.server.auth.AclCheck;
import io.paddock.server.session.SessionTracker;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.tree.PathValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage: validates each write against the state it will meet, turns it into a txn and
 * gives it the next zxid. A write that fails still becomes a txn, an error txn, and uses up a
 * zxid (protocol.md section 7.1). Reads pass through; a read of a connection with nothing in
 * the sync stage goes straight to the final stage, so it does not wait for other sessions'
 * fsyncs.
 */
final class PrepRequestProcessor extends StageThread {
    private static final Logger LOG = LoggerFactory.getLogger(PrepRequestProcessor.class);
    private static final long MAX_TTL = (1L << 40) - 1;

    private final RequestProcessor syncStage;
    private final RequestProcessor finalStage;
    private final PendingChanges pending;
    private final SessionTracker sessions;
    private final boolean extendedTypes;
    private final boolean enforceQuota;
    private final Supplier<DataTree> tree;
    private final LongSupplier wallClock;
    private final LogFence fence;
    private final Extensions extensions;
    private long lastZxid;
    private int generation;

    PrepRequestProcessor(RequestProcessor syncStage, RequestProcessor finalStage, PendingChanges pending,
                         SessionTracker sessions, long lastZxid, boolean extendedTypes, boolean enforceQuota,
                         Supplier<DataTree> tree, LongSupplier wallClock, LogFence fence, Extensions extensions) {
        super("paddock-prep");
        this.syncStage = syncStage;
        this.finalStage = finalStage;
        this.pending = pending;
        this.sessions = sessions;
        this.lastZxid = lastZxid;
        this.extendedTypes = extendedTypes;
        this.enforceQuota = enforceQuota;
        this.tree = tree;
        this.wallClock = wallClock;
        this.fence = fence;
        this.extensions = extensions;
    }

    @Override
    protected void handle(Request r) {
        extensions.beforePrep(r);
        // An undecodable multi still gets a fresh zxid and an error txn in ZooKeeper; any other
        // undecodable request is answered without one (protocol.md section 7.1).
        boolean undecodableMulti = r.type() == OpCode.MULTI && r.presetErr() == Code.MARSHALLINGERROR;
        if (!undecodableMulti && (r.presetErr() != 0 || !Request.isWrite(r.type()))) {
            ClientChannel ch = r.channel();
            // A sync waits behind every write prepared before it, whoever's (protocol.md section 17).
            if (ch != null && ch.inSync() == 0 && r.type() != OpCode.SYNC) {
                finalStage.processRequest(r);
            } else {
                toSync(r);
            }
            return;
        }
        if (!passesFence(r)) {
            toSync(r);
            return;
        }
        long zxid = ++lastZxid;
        long time = wallClock.getAsLong();
        Map<String, NodeView> changes = new LinkedHashMap<>();
        Txn txn;
        int type = r.type();
        try {
            if (undecodableMulti) {
                throw new PrepFailure(Code.MARSHALLINGERROR);
            }
            txn = prepare(r, r.type(), r.body(), changes);
        } catch (PrepFailure f) {
            logBadInput(r, type, f);
            txn = new ErrorTxn(f.code);
            type = OpCode.ERROR;
            changes.clear();
        }
        if (txn instanceof MultiTxn m && m.failed()) {
            changes.clear();
        }
        pending.add(zxid, changes);
        r.setTxn(new TxnEntry(new TxnHeader(r.sessionId(), r.xid(), zxid, time, type), txn, null));
        toSync(r);
    }

    /**
     * Catches up with the log fence: after a rollback the zxids and pending changes of the
     * refused txns are forgotten. A write while the fence is shut is refused here.
     */
    private boolean passesFence(Request r) {
        LogFence.State f = fence.state();
        if (f.generation() != generation) {
            generation = f.generation();
            lastZxid = f.rollbackZxid();
            pending.discardAfter(lastZxid);
        }
        if (f.readOnly()) {
            r.refuse(Code.NOTREADONLY);
            return false;
        }
        r.setGeneration(generation);
        return true;
    }

    private void toSync(Request r) {
        r.setViaSync();
        if (r.channel() != null) {
            r.channel().enterSync();
        }
        syncStage.processRequest(r);
    }

    private Txn prepare(Request r, int type, JuteRecord body, Map<String, NodeView> changes) {
        return switch (type) {
            case OpCode.CREATE_SESSION -> {
                // Tracked from now on, as ZooKeeper's prep does (trackSession, setOwner): a client
                // answered by a follower that applied the commit first may write at once, and this
                // server (the leader) must know the session by then, not only once it applied it.
                sessions.add(r.sessionId(), r.sessionTimeout());
                sessions.setOwner(r.sessionId(), r.owner());
                yield new CreateSessionTxn(r.sessionTimeout());
            }
            case OpCode.CLOSE_SESSION -> closeSession(r.sessionId(), changes);
            case OpCode.MULTI -> multi(r, (MultiRequest) body, changes);
            case OpCode.DELETE_CONTAINER -> deleteContainer(((PathRequest) body).path(), changes);
            // Dynamic reconfiguration is off (ZooKeeper's default reconfigEnabled=false); a
            // standalone ZooKeeper 3.9.3 answers this, with a zxid used up, and keeps the connection.
            case OpCode.RECONFIG -> throw new PrepFailure(Code.RECONFIGDISABLED);
            default -> {
                checkSession(r);
                yield prepareOp(r, type, body, changes);
            }
        };
    }

    private Txn prepareOp(Request r, int type, JuteRecord body, Map<String, NodeView> changes) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> {
                CreateRequest c = (CreateRequest) body;
                yield create(r, type, c.path(), c.data(), c.acl(), c.flags(), -1, changes);
            }
            case OpCode.CREATE_TTL -> {
                CreateTtlRequest c = (CreateTtlRequest) body;
                yield create(r, type, c.path(), c.data(), c.acl(), c.flags(), c.ttl(), changes);
            }
            case OpCode.DELETE -> delete(r, (DeleteRequest) body, changes);
            case OpCode.SET_DATA -> setData(r, (SetDataRequest) body, changes);
            case OpCode.SET_ACL -> setAcl(r, (SetAclRequest) body, changes);
            case OpCode.CHECK -> check(r, (CheckVersionRequest) body, changes);
            default -> throw new PrepFailure(Code.UNIMPLEMENTED);
        };
    }

    private void checkSession(Request r) {
        if (!sessions.isActive(r.sessionId())) {
            throw new PrepFailure(Code.SESSIONEXPIRED);
        }
        if (!sessions.isOwnedBy(r.sessionId(), r.owner())) {
            throw new PrepFailure(Code.SESSIONMOVED);
        }
    }

    private NodeView lookup(String path, Map<String, NodeView> changes) {
        return changes.containsKey(path) ? changes.get(path) : pending.lookup(path);
    }

    private NodeView existing(String path, Map<String, NodeView> changes) {
        NodeView v = lookup(path, changes);
        if (v == null) {
            throw new PrepFailure(Code.NONODE);
        }
        return v;
    }

    private static void checkPerm(NodeView node, int perm, List<Id> ids) {
        if (!AclCheck.permits(node.acl(), perm, ids)) {
            throw new PrepFailure(Code.NOAUTH);
        }
    }

    private static void checkVersion(int expected, int actual) {
        if (expected != -1 && expected != actual) {
            throw new PrepFailure(Code.BADVERSION);
        }
    }

    /**
     * protocol.md section 7.2 step 13 and 7.4. As in ZooKeeper, against the applied tree's stats,
     * not counting writes still in flight; and answered to every client, though 3.5 and 3.6 clients
     * cannot name the code (section 10), because ZooKeeper does not know the client's version either.
     * The check runs with enforcement off too, so that a passed soft or hard limit is logged; ZooKeeper
     * logs only when enforcing.
     */
    private void checkQuota(String path, long bytesDiff, int countDiff) {
        if (tree.get().quotas().exceedsHardLimit(path, bytesDiff, countDiff) && enforceQuota) {
            throw new PrepFailure(Code.QUOTAEXCEEDED);
        }
    }

    private static void validatePath(String path) {
        if (!PathValidator.isValid(path)) {
            throw new PrepFailure(Code.BADARGUMENTS);
        }
    }

    /** A path the early checks accept: it holds a '/' and no NUL (protocol.md section 7.2 step 5). */
    private static void checkRoughPath(String path) {
        if (path == null || path.indexOf('/') < 0 || path.indexOf('\0') >= 0) {
            throw new PrepFailure(Code.BADARGUMENTS);
        }
    }

    private List<Id> ids(Request r) {
        return r.authIds();
    }

    // Checks in the order of protocol.md section 7.2.
    private Txn create(Request r, int type, String path, byte[] data, List<Acl> acl, int flags, long ttl,
                       Map<String, NodeView> changes) {
        CreateMode mode = CreateMode.fromFlag(flags);
        if (mode == null) {
            throw new PrepFailure(Code.BADARGUMENTS);
        }
        if (mode.isTtl() && !extendedTypes) {
            throw new PrepFailure(Code.UNIMPLEMENTED);
        }
        // A createTTL with a mode that has no TTL is refused whatever its ttl. ZooKeeper 3.9.3
        // refuses it for ttl >= 0 only; with ttl -1 it passes prep and the txn then kills
        // ZooKeeper's SyncThread when applied (observed), which no client may rely on.
        if (mode.isTtl() ? ttl <= 0 || ttl > MAX_TTL : type == OpCode.CREATE_TTL) {
            throw new PrepFailure(Code.BADARGUMENTS);
        }
        checkSession(r);
        checkRoughPath(path);
        List<Acl> fixedAcl = AclCheck.fixUp(acl, ids(r));
        if (fixedAcl == null) {
            throw new PrepFailure(Code.INVALIDACL);
        }
        String parentPath = PathValidator.parent(path);
        NodeView parent = existing(parentPath, changes);
        checkPerm(parent, Perms.CREATE, ids(r));
        String fullPath = mode.isSequential() ? path + String.format("%010d", parent.cversion()) : path;
        validatePath(fullPath);
        if (lookup(fullPath, changes) != null) {
            throw new PrepFailure(Code.NODEEXISTS);
        }
        if (EphemeralOwner.session(parent.ephemeralOwner()) != 0) {
            throw new PrepFailure(Code.NOCHILDRENFOREPHEMERALS);
        }
        checkQuota(fullPath, data == null ? 0 : data.length, 1);
        int parentCVersion = parent.cversion() + 1;
        long owner;
        Txn txn;
        if (type == OpCode.CREATE_CONTAINER) {
            owner = EphemeralOwner.CONTAINER;
            txn = new CreateContainerTxn(fullPath, data, fixedAcl, parentCVersion);
        } else if (mode.isTtl()) {
            owner = EphemeralOwner.ttl(ttl);
            txn = new CreateTtlTxn(fullPath, data, fixedAcl, parentCVersion, ttl);
        } else {
            owner = mode.isEphemeral() ? r.sessionId() : 0;
            txn = new CreateTxn(fullPath, data, fixedAcl, mode.isEphemeral(), parentCVersion);
        }
        changes.put(parentPath, parent.withChildAdded(true));
        changes.put(fullPath, new NodeView(0, 0, 0, owner, 0, fixedAcl, data));
        return txn;
    }

    // protocol.md section 7.3
    private Txn delete(Request r, DeleteRequest d, Map<String, NodeView> changes) {
        String path = d.path();
        checkRoughPath(path);
        if (path.equals("/") || path.equals(DataTree.ZOOKEEPER) || path.equals(DataTree.QUOTA)
                || path.equals(DataTree.CONFIG)) {
            throw new PrepFailure(Code.BADARGUMENTS);
        }
        String parentPath = PathValidator.parent(path);
        NodeView parent = existing(parentPath, changes);
        checkPerm(parent, Perms.DELETE, ids(r));
        NodeView node = existing(path, changes);
        checkVersion(d.version(), node.version());
        checkNoChildren(node);
        return remove(path, parentPath, parent, changes);
    }

    // The reaper's delete (protocol.md sections 5 and 9.2): no session or ACL check, as in ZooKeeper;
    // only a session ephemeral is refused, with BADVERSION. The node may have gained a child or
    // been deleted since the reaper looked, hence NOTEMPTY and NONODE.
    private Txn deleteContainer(String path, Map<String, NodeView> changes) {
        checkRoughPath(path);
        String parentPath = PathValidator.parent(path);
        NodeView node = existing(path, changes);
        checkNoChildren(node);
        if (EphemeralOwner.session(node.ephemeralOwner()) != 0) {
            throw new PrepFailure(Code.BADVERSION);
        }
        return remove(path, parentPath, existing(parentPath, changes), changes);
    }

    private static void checkNoChildren(NodeView node) {
        if (node.numChildren() > 0) {
            throw new PrepFailure(Code.NOTEMPTY);
        }
    }

    private static Txn remove(String path, String parentPath, NodeView parent, Map<String, NodeView> changes) {
        changes.put(parentPath, parent.withChildRemoved());
        changes.put(path, null);
        return new DeleteTxn(path);
    }

    // protocol.md section 7.4
    private Txn setData(Request r, SetDataRequest s, Map<String, NodeView> changes) {
        validatePath(s.path());
        NodeView node = existing(s.path(), changes);
        checkPerm(node, Perms.WRITE, ids(r));
        byte[] old = node.data();
        checkQuota(s.path(), (s.data() == null ? 0 : s.data().length) - (old == null ? 0 : old.length), 0);
        checkVersion(s.version(), node.version());
        int newVersion = node.version() + 1;
        changes.put(s.path(), node.withData(newVersion, s.data()));
        return new SetDataTxn(s.path(), s.data(), newVersion);
    }

    private Txn setAcl(Request r, SetAclRequest s, Map<String, NodeView> changes) {
        validatePath(s.path());
        List<Acl> fixedAcl = AclCheck.fixUp(s.acl(), ids(r));
        if (fixedAcl == null) {
            throw new PrepFailure(Code.INVALIDACL);
        }
        NodeView node = existing(s.path(), changes);
        checkPerm(node, Perms.ADMIN, ids(r));
        checkVersion(s.version(), node.aversion());
        int newAversion = node.aversion() + 1;
        changes.put(s.path(), node.withAcl(fixedAcl, newAversion));
        return new SetAclTxn(s.path(), fixedAcl, newAversion);
    }

    private Txn check(Request r, CheckVersionRequest c, Map<String, NodeView> changes) {
        validatePath(c.path());
        NodeView node = existing(c.path(), changes);
        checkPerm(node, Perms.READ, ids(r));
        checkVersion(c.version(), node.version());
        return new CheckVersionTxn(c.path(), node.version() + 1);
    }

    // protocol.md sections 8 and 16.4: one failing op turns the rest into errors, nothing applies.
    private Txn multi(Request r, MultiRequest m, Map<String, NodeView> changes) {
        List<MultiTxn.Entry> entries = new ArrayList<>(m.ops().size());
        boolean failed = false;
        for (MultiRequest.Op op : m.ops()) {
            if (failed) {
                entries.add(new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(Code.RUNTIMEINCONSISTENCY)));
                continue;
            }
            try {
                checkSession(r);
                entries.add(new MultiTxn.Entry(op.type(), prepareOp(r, op.type(), op.body(), changes)));
            } catch (PrepFailure f) {
                logBadInput(r, op.type(), f);
                failed = true;
                entries.add(new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(f.code)));
            }
        }
        return new MultiTxn(entries);
    }

    /**
     * A request no well-behaved client sends (an illegal path, an unknown create mode, an
     * undecodable multi) gets a line, as ZooKeeper logs its user-level errors; the everyday
     * errors (no node, bad version) do not.
     */
    private static void logBadInput(Request r, int type, PrepFailure f) {
        if (f.code == Code.BADARGUMENTS || f.code == Code.MARSHALLINGERROR) {
            LOG.info("{} of session 0x{} refused with {}: malformed request", OpCode.name(type),
                    Long.toHexString(r.sessionId()), f.code == Code.BADARGUMENTS ? "BADARGUMENTS" : "MARSHALLINGERROR");
        }
    }

    private Txn closeSession(long sessionId, Map<String, NodeView> changes) {
        List<String> paths = new ArrayList<>(pending.ephemeralsOf(sessionId));
        for (String path : paths) {
            String parentPath = PathValidator.parent(path);
            NodeView parent = lookup(parentPath, changes);
            if (parent != null) {
                changes.put(parentPath, parent.withChildRemoved());
            }
            changes.put(path, null);
        }
        sessions.setClosing(sessionId);
        return new CloseSessionTxn(paths);
    }
}
