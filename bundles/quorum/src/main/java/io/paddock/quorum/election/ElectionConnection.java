package io.paddock.quorum.election;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.quorum.wire.InitialMessage;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One election connection over a raw-stream transport: it reads the header of an accepted
 * connection, then cuts messages out of the byte stream, and leaves what to do with the peer
 * behind it to its {@link Owner}. A connection this peer opened has no header to read: only the
 * side that connects sends one (protocol.md section 17).
 *
 * <p>Events come from the transport, one at a time per connection, so the readers need no lock.
 * Once {@link #drop() dropped} the connection ignores whatever else arrives on it.
 */
final class ElectionConnection implements FrameHandler {
    /** The sid of an accepted connection whose header has not been read yet; real sids are never negative. */
    static final long UNKNOWN_SID = -1;

    private static final Logger log = LoggerFactory.getLogger(ElectionConnection.class);

    /** What the links do with a connection's events; called on the transport's threads. */
    interface Owner {
        /** The connection is open; it may already have been closed by the owner. */
        void opened(ElectionConnection connection);

        /** An accepted connection named its peer; returns whether to go on reading messages from it. */
        boolean headerRead(ElectionConnection connection, InitialMessage header);

        void messageReceived(long sid, ByteBuffer message);

        void closed(ElectionConnection connection, Throwable cause);
    }

    private final Owner owner;
    private final boolean accepted;
    private final ElectionMessageReader messages = new ElectionMessageReader();
    /** Until the header of an accepted connection is read; then null. */
    private InitialMessageReader header;
    private volatile long sid;
    private volatile Connection connection;
    private volatile boolean dropped;
    private volatile boolean closed;

    private ElectionConnection(Owner owner, boolean accepted, long sid) {
        this.owner = owner;
        this.accepted = accepted;
        this.sid = sid;
        this.header = accepted ? new InitialMessageReader() : null;
    }

    /** A connection accepted by our listener: the peer names itself in the header. */
    static ElectionConnection accepted(Owner owner) {
        return new ElectionConnection(owner, true, UNKNOWN_SID);
    }

    /** A connection this peer opens to {@code sid}. */
    static ElectionConnection opened(Owner owner, long sid) {
        return new ElectionConnection(owner, false, sid);
    }

    /** Binds the transport's connection, from {@link #onOpen} or from what connect returned, whichever is first. */
    void attach(Connection c) {
        connection = c;
    }

    long sid() {
        return sid;
    }

    boolean isDropped() {
        return dropped;
    }

    /** Whether the transport connection is bound and has not announced its close. */
    boolean isOpen() {
        Connection c = connection;
        return !closed && c != null && c.isOpen();
    }

    /** Stops reading from this connection: later bytes are ignored until it closes. */
    void drop() {
        dropped = true;
    }

    /** Queues one message: the transport writes its length, then the bytes. */
    void send(ByteBuffer message) {
        Connection c = connection;
        if (c != null) {
            c.sendFrame(message.duplicate());
        }
    }

    /** Queues bytes as they are (the header). */
    void sendRaw(ByteBuffer bytes) {
        connection.sendRaw(bytes);
    }

    /** Drops it and closes it once what is queued is written. */
    void close() {
        drop();
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** Drops it and closes it now, throwing away what is queued. */
    void abort() {
        drop();
        Connection c = connection;
        if (c != null) {
            c.abort();
        }
    }

    @Override
    public void onOpen(Connection c) {
        attach(c);
        owner.opened(this);
    }

    @Override
    public void onFrame(Connection c, ByteBuffer chunk) {
        if (dropped) {
            return;
        }
        try {
            if (header != null) {
                InitialMessage h = header.read(chunk);
                if (h == null) {
                    return;
                }
                header = null;
                sid = h.sid();
                if (!owner.headerRead(this, h)) {
                    return;
                }
            }
            long from = sid;
            messages.read(chunk, message -> {
                if (!dropped) {
                    owner.messageReceived(from, message);
                }
            });
        } catch (ProtocolException e) {
            log.warn("closing the election connection {} from {}: {}", describe(), c.remoteAddress(), e.getMessage());
            abort();
        }
    }

    @Override
    public void onClose(Connection c, Throwable cause) {
        closed = true;
        owner.closed(this, cause);
    }

    /** For logs: who is at the other end, as far as we know. */
    String describe() {
        String side = accepted ? "accepted" : "opened";
        return sid == UNKNOWN_SID ? side + " before its header" : side + " with sid " + sid;
    }
}
