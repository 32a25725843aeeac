package io.paddock.server.processor;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.ClientInfo;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.Create2Response;
import io.paddock.api.proto.CreateResponse;
import io.paddock.api.proto.ErrorResponse;
import io.paddock.api.proto.EventType;
import io.paddock.api.proto.GetAclResponse;
import io.paddock.api.proto.GetAllChildrenNumberResponse;
import io.paddock.api.proto.GetChildren2Response;
import io.paddock.api.proto.GetChildrenResponse;
import io.paddock.api.proto.GetDataResponse;
import io.paddock.api.proto.GetEphemeralsResponse;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.MultiRequest;
import io.paddock.api.proto.MultiResponse;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathRequest;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.SetWatches;
import io.paddock.api.proto.StatResponse;
import io.paddock.api.proto.WatchTypeRequest;
import io.paddock.api.proto.WhoAmIResponse;
import io.paddock.api.txn.CreateSessionTxn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.server.auth.AclCheck;
import io.paddock.server.db.Database;
import io.paddock.server.tree.DataNode;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.TxnResult;
import io.paddock.server.watch.WatchTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Last stage: applies txns to the database (which fires watches), answers reads from it, and
 * sends every reply. One thread, so a connection's notifications always precede the reply that
 * shows their change (protocol.md section 12.7).
 */
final class FinalRequestProcessor extends StageThread {
    /** WatcherType numbers of checkWatches and removeWatches (protocol.md section 12.1). */
    private static final int WATCHER_CHILDREN = 1;
    private static final int WATCHER_DATA = 2;
    private static final int WATCHER_ANY = 3;
    private static final int WATCHER_PERSISTENT = 4;
    private static final int WATCHER_PERSISTENT_RECURSIVE = 5;
    /** addWatch modes. */
    private static final int ADD_WATCH_PERSISTENT = 0;
    private static final int ADD_WATCH_PERSISTENT_RECURSIVE = 1;

    private final Database db;
    private final PendingChanges pending;
    private final RequestStats stats;
    private final Extensions extensions;
    /** Told of every session another server's closeSession ended, to close its connection here. */
    private volatile LongConsumer sessionClosedElsewhere = id -> { };

    FinalRequestProcessor(Database db, PendingChanges pending, RequestStats stats, Extensions extensions) {
        super("paddock-final");
        this.db = db;
        this.pending = pending;
        this.stats = stats;
        this.extensions = extensions;
    }

    @Override
    protected void handle(Request r) {
        ClientChannel ch = r.channel();
        if (ch != null && r.viaSync()) {
            ch.leaveSync();
        }
        try {
            if (r.refusal() != 0) {
                answerRefusal(r, ch);
            } else if (r.txn() != null) {
                applyWrite(r, ch);
            } else if (ch != null) {
                answerRead(r, ch);
            }
        } finally {
            if (ch != null) {
                ch.requestDone(r);
            }
            if (!r.replicated()) {
                stats.completed(r);
            }
        }
        extensions.completed(r);
    }

    /** Who closes a client's connection when a closeSession this server did not ask for ends its session. */
    void onSessionClosedElsewhere(LongConsumer closer) {
        this.sessionClosedElsewhere = closer;
    }

    private static void reply(ClientChannel ch, Request r, long zxid, int err, JuteRecord body) {
        r.replied(zxid, err);
        ch.sendReply(r.xid(), zxid, err, body);
    }

    /** A write the log could not take: nothing is applied, and the client learns it failed. */
    private void answerRefusal(Request r, ClientChannel ch) {
        if (r.type() == OpCode.CLOSE_SESSION) {
            db.sessions().reopen(r.sessionId());
        }
        if (ch == null) {
            return; // the reaper's deletes: it tries again next round
        }
        if (r.type() == OpCode.CREATE_SESSION) {
            db.sessions().remove(r.sessionId()); // prep tracked it; the txn that made it never will
            ch.close(); // a handshake has no error reply; the client connects again
        } else if (r.xid() != 0) {
            reply(ch, r, db.lastProcessedZxid(), r.refusal(), null);
        }
    }

    private void applyWrite(Request r, ClientChannel ch) {
        TxnEntry txn = r.txn();
        TxnResult result = db.apply(txn);
        pending.applied(txn.zxid());
        if (ch == null) {
            if (txn.type() == OpCode.CLOSE_SESSION) {
                // The leader expired (or another server closed) a session whose client may be here.
                sessionClosedElsewhere.accept(txn.header().clientId());
            }
            return;
        }
        long zxid = txn.zxid();
        switch (r.type()) {
            case OpCode.CREATE_SESSION -> ch.sessionCreated(txn.header().clientId(),
                    ((CreateSessionTxn) txn.txn()).timeOut());
            case OpCode.CLOSE_SESSION -> {
                if (r.xid() != 0) { // a client's closeSession is answered; an expiry is not
                    reply(ch, r, zxid, result.err(), null);
                }
                ch.close();
            }
            default -> {
                if (txn.type() == OpCode.ERROR && result.err() == Code.SESSIONMOVED) {
                    // The client reconnected elsewhere; this connection is stale: closed, no reply
                    // (protocol.md section 14), as ZooKeeper's sendCloseSession does.
                    ch.close();
                } else if (txn.type() == OpCode.ERROR) {
                    reply(ch, r, zxid, result.err(), null);
                } else {
                    reply(ch, r, zxid, Code.OK, writeReply(r.type(), result));
                }
            }
        }
    }

    private static JuteRecord writeReply(int type, TxnResult result) {
        return switch (type) {
            case OpCode.CREATE -> new CreateResponse(result.path());
            case OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL ->
                    new Create2Response(result.path(), result.stat());
            case OpCode.SET_DATA, OpCode.SET_ACL -> new StatResponse(result.stat());
            case OpCode.MULTI -> multiReply(result);
            default -> null;
        };
    }

    // protocol.md section 8: result types by op; a failed multi holds only error results.
    private static MultiResponse multiReply(TxnResult result) {
        List<MultiResponse.Result> out = new ArrayList<>(result.subResults().size());
        for (TxnResult sub : result.subResults()) {
            out.add(switch (sub.type()) {
                case OpCode.ERROR -> MultiResponse.Result.error(sub.err());
                case OpCode.CREATE -> new MultiResponse.Result(OpCode.CREATE, 0, new CreateResponse(sub.path()));
                case OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL ->
                        new MultiResponse.Result(OpCode.CREATE2, 0, new Create2Response(sub.path(), sub.stat()));
                case OpCode.SET_DATA -> new MultiResponse.Result(OpCode.SET_DATA, 0, new StatResponse(sub.stat()));
                default -> new MultiResponse.Result(sub.type(), 0, null);
            });
        }
        return new MultiResponse(out);
    }

    private void answerRead(Request r, ClientChannel ch) {
        if (r.presetErr() != 0) {
            reply(ch, r, r.presetErr() == Code.UNIMPLEMENTED ? -1 : db.lastProcessedZxid(),
                    r.presetErr(), null);
            if (r.presetErr() == Code.UNIMPLEMENTED) {
                ch.close();
            }
            return;
        }
        if (!db.sessions().isActive(r.sessionId())) {
            reply(ch, r, db.lastProcessedZxid(), Code.SESSIONEXPIRED, null);
            return;
        }
        DataTree tree = db.tree();
        long zxid = db.lastProcessedZxid();
        try {
            JuteRecord reply = read(r, ch, tree);
            reply(ch, r, zxid, Code.OK, reply);
        } catch (PrepFailure f) {
            reply(ch, r, zxid, f.code, null);
        }
    }

    private JuteRecord read(Request r, ClientChannel ch, DataTree tree) {
        return switch (r.type()) {
            case OpCode.EXISTS -> exists((PathWatchRequest) r.body(), ch, tree);
            case OpCode.GET_DATA -> {
                PathWatchRequest q = (PathWatchRequest) r.body();
                DataNode n = readable(tree, q.path(), Perms.READ, ch);
                if (q.watch()) {
                    tree.dataWatches().add(q.path(), ch, WatchTable.STANDARD);
                }
                synchronized (n) {
                    yield new GetDataResponse(n.data(), n.stat());
                }
            }
            case OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2 -> {
                PathWatchRequest q = (PathWatchRequest) r.body();
                DataNode n = readable(tree, q.path(), Perms.READ, ch);
                if (q.watch()) {
                    tree.childWatches().add(q.path(), ch, WatchTable.STANDARD);
                }
                synchronized (n) {
                    yield r.type() == OpCode.GET_CHILDREN ? new GetChildrenResponse(n.children())
                            : new GetChildren2Response(n.children(), n.stat());
                }
            }
            case OpCode.GET_ACL -> {
                PathRequest q = (PathRequest) r.body();
                DataNode n = readable(tree, q.path(), AclCheck.GET_ACL_PERMS, ch);
                List<Acl> acl = tree.acl(n);
                boolean admin = AclCheck.permits(acl, Perms.ADMIN, ch.authIds());
                yield new GetAclResponse(admin ? acl : AclCheck.masked(acl), n.stat());
            }
            case OpCode.SYNC -> new PathRequest(((PathRequest) r.body()).path());
            case OpCode.SET_WATCHES, OpCode.SET_WATCHES2 -> {
                setWatches((SetWatches) r.body(), ch, tree);
                yield null;
            }
            case OpCode.MULTI_READ -> multiRead((MultiRequest) r.body(), ch, tree);
            case OpCode.GET_ALL_CHILDREN_NUMBER -> {
                String path = ((PathRequest) r.body()).path();
                readable(tree, path, Perms.READ, ch);
                yield new GetAllChildrenNumberResponse(tree.countDescendants(path));
            }
            case OpCode.GET_EPHEMERALS -> new GetEphemeralsResponse(ephemerals(r.sessionId(),
                    ((PathRequest) r.body()).path(), tree));
            case OpCode.WHO_AM_I -> whoAmI(ch);
            case OpCode.ADD_WATCH -> addWatch((WatchTypeRequest) r.body(), ch, tree);
            case OpCode.CHECK_WATCHES -> {
                checkWatches((WatchTypeRequest) r.body(), ch, tree, false);
                yield null;
            }
            case OpCode.REMOVE_WATCHES -> {
                checkWatches((WatchTypeRequest) r.body(), ch, tree, true);
                yield null;
            }
            default -> throw new PrepFailure(Code.UNIMPLEMENTED);
        };
    }

    // protocol.md section 12.5: checkWatches only confirms; removeWatches removes. No events either way.
    private static void checkWatches(WatchTypeRequest q, ClientChannel ch, DataTree tree, boolean remove) {
        WatchTable data = tree.dataWatches();
        WatchTable child = tree.childWatches();
        boolean found = switch (q.type()) {
            case WATCHER_CHILDREN -> remove ? child.remove(q.path(), ch, WatchTable.STANDARD)
                    : child.contains(q.path(), ch, WatchTable.STANDARD);
            case WATCHER_DATA -> remove ? data.remove(q.path(), ch, WatchTable.STANDARD)
                    : data.contains(q.path(), ch, WatchTable.STANDARD);
            case WATCHER_PERSISTENT -> remove
                    ? child.remove(q.path(), ch, WatchTable.PERSISTENT) | data.remove(q.path(), ch, WatchTable.PERSISTENT)
                    : data.contains(q.path(), ch, WatchTable.PERSISTENT);
            case WATCHER_PERSISTENT_RECURSIVE -> remove ? data.remove(q.path(), ch, WatchTable.PERSISTENT_RECURSIVE)
                    : data.contains(q.path(), ch, WatchTable.PERSISTENT_RECURSIVE);
            case WATCHER_ANY -> remove
                    ? child.remove(q.path(), ch, WatchTable.ANY) | data.remove(q.path(), ch, WatchTable.ANY)
                    : child.contains(q.path(), ch, WatchTable.ANY) | data.contains(q.path(), ch, WatchTable.ANY);
            default -> false;
        };
        if (!found) {
            throw new PrepFailure(Code.NOWATCHER);
        }
    }

    // protocol.md section 12.2: persistent watches go in both tables, recursive ones in the data table.
    private static ErrorResponse addWatch(WatchTypeRequest q, ClientChannel ch, DataTree tree) {
        if (q.type() == ADD_WATCH_PERSISTENT) {
            tree.dataWatches().add(q.path(), ch, WatchTable.PERSISTENT);
            tree.childWatches().add(q.path(), ch, WatchTable.PERSISTENT);
        } else if (q.type() == ADD_WATCH_PERSISTENT_RECURSIVE) {
            tree.dataWatches().add(q.path(), ch, WatchTable.PERSISTENT_RECURSIVE);
        } else {
            throw new PrepFailure(Code.BADARGUMENTS);
        }
        return new ErrorResponse(Code.OK);
    }

    // protocol.md section 8: each read runs on its own; watch flags are ignored.
    private static MultiResponse multiRead(MultiRequest m, ClientChannel ch, DataTree tree) {
        List<MultiResponse.Result> results = new ArrayList<>(m.ops().size());
        for (MultiRequest.Op op : m.ops()) {
            String path = ((PathWatchRequest) op.body()).path();
            try {
                DataNode n = readable(tree, path, Perms.READ, ch);
                synchronized (n) {
                    results.add(op.type() == OpCode.GET_DATA
                            ? new MultiResponse.Result(OpCode.GET_DATA, 0, new GetDataResponse(n.data(), n.stat()))
                            : new MultiResponse.Result(OpCode.GET_CHILDREN, 0, new GetChildrenResponse(n.children())));
                }
            } catch (PrepFailure f) {
                results.add(MultiResponse.Result.error(f.code));
            }
        }
        return new MultiResponse(results);
    }

    // protocol.md section 7.5: the caller's own ephemerals; a plain string prefix, not segment-aware.
    private static List<String> ephemerals(long sessionId, String prefix, DataTree tree) {
        boolean all = prefix == null || prefix.isEmpty() || prefix.equals("/");
        return tree.ephemerals(sessionId).stream().filter(p -> all || p.startsWith(prefix)).sorted().toList();
    }

    private static WhoAmIResponse whoAmI(ClientChannel ch) {
        List<ClientInfo> infos = new ArrayList<>();
        for (Id id : ch.authIds()) {
            String user = switch (id.scheme()) {
                case "digest" -> id.id().substring(0, Math.max(0, id.id().indexOf(':')));
                case "super" -> "";
                default -> id.id();
            };
            infos.add(new ClientInfo(id.scheme(), user));
        }
        return new WhoAmIResponse(infos);
    }

    private static DataNode readable(DataTree tree, String path, int perm, ClientChannel ch) {
        DataNode n = tree.node(path);
        if (n == null) {
            throw new PrepFailure(Code.NONODE);
        }
        if (!AclCheck.permits(tree.acl(n), perm, ch.authIds())) {
            throw new PrepFailure(Code.NOAUTH);
        }
        return n;
    }

    // protocol.md section 7.5: the watch is set whether or not the node exists.
    private static JuteRecord exists(PathWatchRequest q, ClientChannel ch, DataTree tree) {
        if (q.path() == null || q.path().indexOf('\0') >= 0) {
            throw new PrepFailure(Code.BADARGUMENTS);
        }
        DataNode n = tree.node(q.path());
        if (n != null && !AclCheck.permits(tree.acl(n), Perms.READ, ch.authIds())) {
            throw new PrepFailure(Code.NOAUTH);
        }
        if (q.watch()) {
            tree.dataWatches().add(q.path(), ch, WatchTable.STANDARD);
        }
        if (n == null) {
            throw new PrepFailure(Code.NONODE);
        }
        return new StatResponse(n.stat());
    }

    // protocol.md section 12.6: catch-up events (zxid -1) before the reply.
    private static void setWatches(SetWatches s, ClientChannel ch, DataTree tree) {
        long rel = s.relativeZxid();
        for (String p : s.dataWatches()) {
            DataNode n = tree.node(p);
            if (n == null) {
                ch.notify(EventType.NODE_DELETED, p, -1);
            } else if (n.mzxid() > rel) {
                ch.notify(EventType.NODE_DATA_CHANGED, p, -1);
            } else {
                tree.dataWatches().add(p, ch, WatchTable.STANDARD);
            }
        }
        for (String p : s.existWatches()) {
            if (tree.node(p) == null) {
                tree.dataWatches().add(p, ch, WatchTable.STANDARD);
            } else {
                ch.notify(EventType.NODE_CREATED, p, -1);
            }
        }
        for (String p : s.persistentWatches()) {
            tree.dataWatches().add(p, ch, WatchTable.PERSISTENT);
            tree.childWatches().add(p, ch, WatchTable.PERSISTENT);
        }
        for (String p : s.persistentRecursiveWatches()) {
            tree.dataWatches().add(p, ch, WatchTable.PERSISTENT_RECURSIVE);
        }
        for (String p : s.childWatches()) {
            DataNode n = tree.node(p);
            if (n == null) {
                ch.notify(EventType.NODE_DELETED, p, -1);
            } else if (n.pzxid() > rel) {
                ch.notify(EventType.NODE_CHILDREN_CHANGED, p, -1);
            } else {
                tree.childWatches().add(p, ch, WatchTable.STANDARD);
            }
        }
    }
}
