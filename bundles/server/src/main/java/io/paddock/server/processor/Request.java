package io.paddock.server.processor;

import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathRequest;
import io.paddock.api.processor.ClientRequest;
import io.paddock.api.proto.Id;
import io.paddock.api.txn.TxnEntry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * A request on its way through the pipeline. Immutable what the client sent; the prep stage
 * adds the txn of a write, and a request that failed before prep carries its error.
 */
public final class Request implements ClientRequest {
    private final ClientChannel channel;
    private final long sessionId;
    private final int xid;
    private final int type;
    private final JuteRecord body;
    private volatile int presetErr;
    private final int sessionTimeout;
    private final long receivedNanos = System.nanoTime();
    private volatile TxnEntry txn;
    private volatile boolean viaSync;
    private volatile int generation;
    private volatile int refusal;
    private volatile Map<String, Object> attributes;
    private volatile int replyErr;
    private volatile long replyZxid = -1;
    private final LogSwitch logSwitch;
    private final CompletableFuture<Void> switched;
    /** For a txn a quorum role logs: told the zxid once the txn is durable. */
    private volatile LongConsumer durable;
    private volatile boolean replicated;
    /** A learner's request on the leader: the identities its REQUEST carried; null otherwise. */
    private volatile List<Id> forwardedIds;
    /**
     * The server a request came through, as the leader's session tracker tells owners apart:
     * {@link #LOCAL} for this server's own clients, a learner's link for its REQUESTs.
     */
    private volatile Object owner = LOCAL;
    /** This server, as the owner of the sessions of its own clients. */
    public static final Object LOCAL = new Object() {
        @Override
        public String toString() {
            return "this server";
        }
    };
    /** A learner's sync, forwarded: it leaves the commit stage when the leader answers SYNC. */
    private volatile boolean awaitsLeaderSync;
    private volatile boolean synced;

    private Request(ClientChannel channel, long sessionId, int xid, int type, JuteRecord body, int presetErr,
                    int sessionTimeout) {
        this(channel, sessionId, xid, type, body, presetErr, sessionTimeout, null);
    }

    private Request(ClientChannel channel, long sessionId, int xid, int type, JuteRecord body, int presetErr,
                    int sessionTimeout, LogSwitch logSwitch) {
        this.logSwitch = logSwitch;
        this.switched = logSwitch == null ? null : new CompletableFuture<>();
        this.channel = channel;
        this.sessionId = sessionId;
        this.xid = xid;
        this.type = type;
        this.body = body;
        this.presetErr = presetErr;
        this.sessionTimeout = sessionTimeout;
    }

    /** A request decoded from a client frame. */
    public static Request of(ClientChannel channel, long sessionId, int xid, int type, JuteRecord body) {
        return new Request(channel, sessionId, xid, type, body, 0, 0);
    }

    /** A request that already failed (bad body, unknown opcode); it still answers in order. */
    public static Request failed(ClientChannel channel, long sessionId, int xid, int type, int err) {
        return new Request(channel, sessionId, xid, type, null, err, 0);
    }

    /** The createSession of a handshake. */
    public static Request createSession(ClientChannel channel, long sessionId, int timeout) {
        return new Request(channel, sessionId, 0, OpCode.CREATE_SESSION, null, 0, timeout);
    }

    /** A closeSession the server issues itself, for an expired session. */
    public static Request expire(ClientChannel channel, long sessionId) {
        return new Request(channel, sessionId, 0, OpCode.CLOSE_SESSION, null, 0, 0);
    }

    /**
     * A deleteContainer the server issues itself for an empty container or an expired TTL node,
     * as ZooKeeper's ContainerManager does: no connection, session 0 (protocol.md section 9.2).
     */
    public static Request reap(String path) {
        return new Request(null, 0, 0, OpCode.DELETE_CONTAINER, new PathRequest(path), 0, 0);
    }

    /**
     * A txn a quorum role hands the server, to log or to apply: the leader's proposal, or what a
     * learner got from its leader. It carries no connection; the txn's header names its session.
     */
    static Request replicated(TxnEntry txn, LongConsumer durable) {
        Request r = new Request(null, txn.header().clientId(), txn.header().cxid(), txn.type(), null, 0, 0);
        r.txn = txn;
        r.durable = durable;
        r.replicated = true;
        return r;
    }

    /** A txn handed over by a quorum role rather than a request this server took in. */
    boolean replicated() {
        return replicated;
    }

    /**
     * A request a learner forwarded to the leader (REQUEST): decoded like a client's, with the
     * client's identities from the packet. {@code replyTo} is null except for a sync, which is
     * answered to the learner through it.
     */
    public static Request forwarded(ClientChannel replyTo, long sessionId, int xid, int type, JuteRecord body,
                                    int presetErr, List<Id> authIds, Object owner) {
        Request r = new Request(replyTo, sessionId, xid, type, body, presetErr, 0);
        r.forwardedIds = List.copyOf(authIds);
        r.owner = owner;
        return r;
    }

    /** A forwarded createSession: the learner chose the id, the body carries the timeout. */
    public static Request forwardedCreateSession(long sessionId, int timeout, Object owner) {
        Request r = new Request(null, sessionId, 0, OpCode.CREATE_SESSION, null, 0, timeout);
        r.forwardedIds = List.of();
        r.owner = owner;
        return r;
    }

    Object owner() {
        return owner;
    }

    /** A learner's request, on the leader. */
    boolean forwarded() {
        return forwardedIds != null;
    }

    boolean awaitsLeaderSync() {
        return awaitsLeaderSync;
    }

    /** The leader answered this forwarded sync. */
    boolean synced() {
        return synced;
    }

    void setSynced() {
        this.synced = true;
    }

    void setAwaitsLeaderSync() {
        this.awaitsLeaderSync = true;
    }

    /** Who hears that this replicated txn is durable; null for other requests. */
    LongConsumer durable() {
        return durable;
    }

    /** Not a client's request: it moves the log to other storage, in order with the writes. */
    static Request logSwitch(LogSwitch logSwitch) {
        return new Request(null, 0, 0, OpCode.NOTIFICATION, null, 0, 0, logSwitch);
    }

    LogSwitch logSwitchAction() {
        return logSwitch;
    }

    /** Completes when the log switch has run, or failed. */
    CompletableFuture<Void> switched() {
        return switched;
    }

    public ClientChannel channel() {
        return channel;
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public int xid() {
        return xid;
    }

    public int type() {
        return type;
    }

    @Override
    public JuteRecord body() {
        return body;
    }

    public int presetErr() {
        return presetErr;
    }

    /** An extension rejected the request before prep: it is answered with {@code err} and goes no further. */
    void reject(int err) {
        this.presetErr = err;
    }

    @Override
    public int opCode() {
        return type;
    }

    @Override
    public String path() {
        List<String> paths = paths();
        return paths.isEmpty() ? null : paths.get(0);
    }

    @Override
    public List<String> paths() {
        return RequestPaths.of(body);
    }

    @Override
    public List<Id> authIds() {
        List<Id> forwarded = forwardedIds;
        if (forwarded != null) {
            return forwarded;
        }
        return channel == null ? List.of() : channel.authIds();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel == null ? null : channel.remoteAddress();
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> a = attributes;
        if (a == null) {
            synchronized (this) {
                a = attributes;
                if (a == null) {
                    attributes = a = new ConcurrentHashMap<>();
                }
            }
        }
        return a;
    }

    /** What the reply carried, for the extensions that see the request completed. */
    void replied(long zxid, int err) {
        this.replyZxid = zxid;
        this.replyErr = err;
    }

    int replyErr() {
        return replyErr;
    }

    long replyZxid() {
        return replyZxid;
    }

    public int sessionTimeout() {
        return sessionTimeout;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    public TxnEntry txn() {
        return txn;
    }

    void setTxn(TxnEntry txn) {
        this.txn = txn;
    }

    /** The log fence generation the prep stage prepared this txn in. */
    int generation() {
        return generation;
    }

    void setGeneration(int generation) {
        this.generation = generation;
    }

    /** The error a write is refused with because the log could not take it; 0 if it was not. */
    int refusal() {
        return refusal;
    }

    void refuse(int err) {
        this.refusal = err;
    }

    boolean viaSync() {
        return viaSync;
    }

    void setViaSync() {
        this.viaSync = true;
    }

    /** Types that change state and so get a zxid and a log entry (protocol.md section 7.1). */
    public static boolean isWrite(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE,
                    OpCode.DELETE_CONTAINER, OpCode.SET_DATA, OpCode.SET_ACL, OpCode.MULTI, OpCode.CREATE_SESSION,
                    OpCode.CLOSE_SESSION, OpCode.RECONFIG -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return OpCode.name(type) + " session 0x" + Long.toHexString(sessionId) + " xid " + xid;
    }
}
