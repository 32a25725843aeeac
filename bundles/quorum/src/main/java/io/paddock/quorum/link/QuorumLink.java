package io.paddock.quorum.link;

import io.paddock.api.storage.SnapshotData;
import io.paddock.api.transport.Connection;
import io.paddock.quorum.wire.QuorumPacket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One learner link (leader ↔ learner) over an unframed transport connection: packets go out
 * encoded back to back, as ZooKeeper writes them, and what comes in is decoded and handed to the
 * role as it arrives. A link that receives what it cannot decode is closed; the role hears it
 * closed, with the reason.
 */
public final class QuorumLink {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumLink.class);
    /** A snapshot waits while this much is queued on the link: a large tree never sits in memory whole. */
    private static final long SNAPSHOT_QUEUE_LIMIT = 4L << 20;

    /** What the role hears of its links, on transport threads, in order per link. */
    public interface Listener {
        void opened(QuorumLink link);

        void received(QuorumLink link, LinkItem item);

        /** The link closed, by either side; {@code cause} is null for an orderly close. */
        void closed(QuorumLink link, Throwable cause);
    }

    private final Connection connection;
    private final LinkDecoder decoder;
    private final Listener listener;
    private volatile boolean failed;

    QuorumLink(Connection connection, LinkDecoder decoder, Listener listener) {
        this.connection = connection;
        this.decoder = decoder;
        this.listener = listener;
    }

    public long id() {
        return connection.id();
    }

    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Sends a packet; thread-safe, never blocks. */
    public void send(QuorumPacket packet) {
        connection.sendRaw(LinkEncoder.encode(packet));
    }

    /**
     * Sends a SNAP packet and the snapshot stream after it, waiting while the link has much
     * queued, so that memory holds at most a few chunks of the tree.
     */
    public long sendSnapshot(long zxid, SnapshotData data) throws IOException {
        long[] nodes = {0};
        try {
            nodes[0] = new SnapStreamWriter().write(zxid, data, chunk -> {
                while (connection.isOpen() && connection.queuedBytes() > SNAPSHOT_QUEUE_LIMIT) {
                    LockSupport.parkNanos(1_000_000);
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IllegalStateException(new InterruptedIOException("interrupted sending a snapshot"));
                    }
                }
                connection.sendRaw(chunk);
            });
        } catch (IllegalStateException e) {
            throw new IOException("sending the snapshot at 0x" + Long.toHexString(zxid) + " failed", e.getCause());
        }
        return nodes[0];
    }

    /** Closes once what is queued is written. */
    public void close() {
        connection.close();
    }

    void onOpen() {
        listener.opened(this);
    }

    void onBytes(ByteBuffer chunk) {
        if (failed) {
            return;
        }
        try {
            decoder.feed(chunk, item -> listener.received(this, item));
        } catch (RuntimeException e) {
            failed = true;
            LOG.warn("closing the quorum link with {}: {}", connection.remoteAddress(), e.getMessage());
            connection.abort();
            listener.closed(this, e);
        }
    }

    void onClose(Throwable cause) {
        if (!failed) {
            listener.closed(this, cause);
        }
    }

    @Override
    public String toString() {
        return "link " + connection.id() + " with " + connection.remoteAddress();
    }
}
