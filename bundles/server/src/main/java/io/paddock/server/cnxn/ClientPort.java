package io.paddock.server.cnxn;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.FrameTooLargeException;
import io.paddock.server.auth.SaslAuthenticator;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.db.Database;
import io.paddock.server.processor.RequestChain;
import io.paddock.server.processor.Request;
import io.paddock.server.session.SessionTracker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port: turns a transport's connections into ZooKeeper client connections, binds
 * sessions to them, and hands four-letter words to {@link FourLetterWordHandler}.
 */
public final class ClientPort implements FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ClientPort.class);

    private final Database db;
    /** Where requests go; null while the server serves no clients (a quorum peer between roles). */
    private volatile RequestChain chain;
    /** Decides whether a client may resume its session. */
    private volatile SessionValidator validator;
    /** Sessions active since a learner's last PING reply, with their timeouts; null unless reported. */
    private volatile Map<Long, Integer> touched;
    private final ServerSettings settings;
    private final SaslAuthenticator sasl;
    private final FourLetterWordHandler words;
    private final Map<Connection, ServerConnection> connections = new ConcurrentHashMap<>();
    private final Map<Long, ServerConnection> bySession = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();

    /** {@code sasl} is null when SASL is not configured (op 102 then gets ZooKeeper's answer for that). */
    public ClientPort(Database db, RequestChain chain, ServerSettings settings, SaslAuthenticator sasl,
                      FourLetterWordHandler words) {
        this.db = db;
        this.chain = chain;
        this.validator = localValidator();
        this.settings = settings;
        this.sasl = sasl;
        this.words = words;
    }

    SaslAuthenticator sasl() {
        return sasl;
    }

    Database db() {
        return db;
    }

    SessionTracker sessions() {
        return db.sessions();
    }

    ServerSettings settings() {
        return settings;
    }

    /** Sessions live in this server's tracker (standalone, or the leader's own clients). */
    public SessionValidator localValidator() {
        return (id, timeout, answer) -> answer.accept(db.sessions().touch(id, timeout));
    }

    /**
     * Serves clients through {@code next}: a quorum role's chain, with its way of validating
     * sessions; {@code reportTouches} records active sessions for a learner's PING replies.
     */
    public void serve(RequestChain next, SessionValidator sessions, boolean reportTouches) {
        touched = reportTouches ? new ConcurrentHashMap<>() : null;
        validator = sessions;
        chain = next;
    }

    /** Stops serving: every connection closes, and clients reconnect here or elsewhere. */
    public void stopServing() {
        chain = null;
        touched = null;
        closeAll();
    }

    public boolean serving() {
        return chain != null;
    }

    /** The sessions active since the last call, for a learner's PING reply. */
    public Map<Long, Integer> drainTouched() {
        Map<Long, Integer> t = touched;
        if (t == null) {
            return Map.of();
        }
        Map<Long, Integer> drained = new HashMap<>();
        for (Long id : t.keySet()) {
            Integer timeout = t.remove(id);
            if (timeout != null) {
                drained.put(id, timeout);
            }
        }
        return drained;
    }

    void touch(long sessionId, int timeout) {
        db.sessions().touch(sessionId);
        Map<Long, Integer> t = touched;
        if (t != null && sessionId != 0) {
            t.put(sessionId, timeout);
        }
    }

    void validate(long sessionId, int timeout, Consumer<Boolean> answer) {
        validator.validate(sessionId, timeout, answer);
    }

    void submit(Request r) {
        RequestChain c = chain;
        if (c != null) {
            c.submit(r);
        } else if (r.channel() != null) {
            r.channel().close(); // the server stopped serving; the client reconnects
        }
    }

    void countReceived() {
        packetsReceived.increment();
    }

    void countSent() {
        packetsSent.increment();
    }

    public long packetsReceived() {
        return packetsReceived.sum();
    }

    public long packetsSent() {
        return packetsSent.sum();
    }

    public void resetCounters() {
        packetsReceived.reset();
        packetsSent.reset();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** One line per connection, as ZooKeeper's stat and cons show them. */
    /** Each connected session's client address, {@code host:port}. */
    public Map<Long, String> sessionAddresses() {
        Map<Long, String> addresses = new HashMap<>();
        bySession.forEach((id, cnxn) -> {
            InetSocketAddress a = cnxn.remoteAddress();
            addresses.put(id, a.getAddress().getHostAddress() + ":" + a.getPort());
        });
        return addresses;
    }

    public List<String> describeConnections(boolean full) {
        return connections.values().stream().map(c -> ConnectionDescription.of(c, full)).toList();
    }

    /** Binds a session to the connection that now carries it; another connection of it is closed. */
    void bind(long sessionId, ServerConnection cnxn) {
        ServerConnection old = bySession.put(sessionId, cnxn);
        if (old != null && old != cnxn) {
            LOG.info("session 0x{} moved from {} to {}; closing the old connection", Long.toHexString(sessionId),
                    old.connection().remoteAddress(), cnxn.connection().remoteAddress());
            old.close();
        }
    }

    /**
     * Closes the connection carrying a session that a client asks to resume. ZooKeeper 3.9.3 does
     * so before it checks the password (observed): a wrong password still ends the session's
     * current connection, though not the session.
     */
    void closeConnectionOf(long sessionId, ServerConnection resuming) {
        ServerConnection old = bySession.get(sessionId);
        if (old != null && old != resuming && bySession.remove(sessionId, old)) {
            LOG.info("session 0x{} is being resumed from {}; closing its connection from {}",
                    Long.toHexString(sessionId), resuming.connection().remoteAddress(), old.connection().remoteAddress());
            old.close();
        }
    }

    /** A session ended by a closeSession that came from elsewhere: its connection here, if any, closes. */
    public void closeConnectionOf(long sessionId) {
        ServerConnection c = bySession.remove(sessionId);
        if (c != null) {
            LOG.info("session 0x{} was closed in the ensemble; closing its connection from {}",
                    Long.toHexString(sessionId), c.connection().remoteAddress());
            c.close();
        }
    }

    void unbind(long sessionId, ServerConnection cnxn) {
        if (sessionId != 0) {
            bySession.remove(sessionId, cnxn);
        }
    }

    /** Closes an expired session: a closeSession txn, then its connection (if any) is closed. */
    public void expire(long sessionId) {
        LOG.info("expiring session 0x{}", Long.toHexString(sessionId));
        submit(Request.expire(bySession.get(sessionId), sessionId));
    }

    @Override
    public void onOpen(Connection connection) {
        InetAddress address = connection.remoteAddress().getAddress();
        int n = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        ServerConnection cnxn = new ServerConnection(this, connection);
        connections.put(connection, cnxn);
        if (settings.maxClientCnxns() > 0 && n > settings.maxClientCnxns()) {
            LOG.warn("too many connections from {}: {} of at most {}; closing", address.getHostAddress(), n,
                    settings.maxClientCnxns());
            connection.abort();
        }
    }

    @Override
    public int preambleTrailerLength(int firstWord) {
        return words.argumentLength(firstWord);
    }

    @Override
    public boolean onPreamble(Connection connection, int firstWord, ByteBuffer trailer) {
        return words.handle(this, connection, firstWord, trailer);
    }

    /** Only a transport of SPI 1.0 calls this: no word's argument can be had. */
    @Override
    public boolean onPreamble(Connection connection, int firstWord) {
        return words.handle(this, connection, firstWord, ByteBuffer.allocate(0));
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer payload) {
        ServerConnection cnxn = connections.get(connection);
        if (cnxn != null) {
            cnxn.onFrame(payload);
        }
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
        ServerConnection cnxn = connections.remove(connection);
        perAddress.computeIfPresent(connection.remoteAddress().getAddress(),
                (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        if (cause instanceof FrameTooLargeException f) {
            LOG.info("closed {}: {}", connection.remoteAddress(), f.getMessage());
        } else if (cause != null) {
            LOG.debug("connection {} closed: {}", connection.remoteAddress(), cause.toString());
        }
        if (cnxn != null) {
            cnxn.closed();
        }
    }

    /** Closes every client connection (the server is stopping or the transport changes). */
    public void closeAll() {
        connections.keySet().forEach(Connection::close);
    }
}
