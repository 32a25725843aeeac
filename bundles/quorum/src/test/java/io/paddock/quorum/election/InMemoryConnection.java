package io.paddock.quorum.election;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One end of a connection of the {@link InMemoryNetwork}. Its state is guarded by the network's
 * lock; its handler is called on the network's event thread only, outside the lock.
 */
final class InMemoryConnection implements Connection {
    private final InMemoryNetwork network;
    private final long id;
    private final String owner;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final FrameHandler handler;
    private final int maxChunk;
    private InMemoryConnection peer;

    /** What the other end sent that this end's handler has not had yet. */
    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    /** The other end closed after the bytes in {@link #inbound}. */
    private boolean endOfStream;
    /** The other end aborted: close with this cause, whatever is still inbound. */
    private IOException reset;
    /** This end closed or aborted: it sends no more. */
    private boolean shut;
    private boolean announced;
    private boolean closeAnnounced;
    private boolean paused;
    private boolean pumpPosted;

    InMemoryConnection(InMemoryNetwork network, long id, String owner, InetSocketAddress local,
            InetSocketAddress remote, FrameHandler handler, int maxChunk) {
        this.network = network;
        this.id = id;
        this.owner = owner;
        this.local = local;
        this.remote = remote;
        this.handler = handler;
        this.maxChunk = maxChunk;
    }

    void pair(InMemoryConnection other) {
        this.peer = other;
    }

    InMemoryConnection peer() {
        return peer;
    }

    /** The name of the transport this end belongs to. */
    String owner() {
        return owner;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void sendFrame(ByteBuffer payload) {
        ByteBuffer framed = ByteBuffer.allocate(Integer.BYTES + payload.remaining());
        framed.putInt(payload.remaining()).put(payload).flip();
        sendRaw(framed);
    }

    @Override
    public void sendRaw(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
        synchronized (network.lock) {
            if (shut || closeAnnounced || !copy.hasRemaining()) {
                return;
            }
            peer.inbound.add(copy);
            peer.postPump();
        }
    }

    @Override
    public void pauseReading() {
        synchronized (network.lock) {
            paused = true;
        }
    }

    @Override
    public void resumeReading() {
        synchronized (network.lock) {
            paused = false;
            postPump();
        }
    }

    @Override
    public void close() {
        synchronized (network.lock) {
            if (shut || closeAnnounced) {
                return;
            }
            shut = true;
            peer.endOfStream = true;
            peer.postPump();
            network.post(() -> announceClose(null));
        }
    }

    @Override
    public void abort() {
        synchronized (network.lock) {
            if (shut || closeAnnounced) {
                return;
            }
            shut = true;
            inbound.clear();
            if (!peer.shut) {
                peer.reset = new IOException("connection reset by peer");
                peer.postPump();
            }
            network.post(() -> announceClose(null));
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (network.lock) {
            return !shut && !closeAnnounced;
        }
    }

    @Override
    public long queuedBytes() {
        synchronized (network.lock) {
            return peer.inbound.stream().mapToLong(ByteBuffer::remaining).sum();
        }
    }

    void announceOpen() {
        synchronized (network.lock) {
            if (closeAnnounced) {
                return;
            }
            announced = true;
            postPump();
        }
        handler.onOpen(this);
    }

    private void announceClose(Throwable cause) {
        synchronized (network.lock) {
            if (closeAnnounced) {
                return;
            }
            closeAnnounced = true;
            shut = true;
            inbound.clear();
        }
        handler.onClose(this, cause);
    }

    /** Holds the lock. */
    private void postPump() {
        if (!pumpPosted) {
            pumpPosted = true;
            network.post(this::pump);
        }
    }

    /** Delivers one chunk, or the close, then posts itself again while there is more. */
    private void pump() {
        ByteBuffer chunk = null;
        IOException cause = null;
        boolean ended = false;
        synchronized (network.lock) {
            pumpPosted = false;
            if (!announced || closeAnnounced || shut) {
                // Not open yet (announcing it posts the pump again), or closed here: a closed socket reads nothing more.
                return;
            }
            if (reset != null) {
                cause = reset;
            } else if (!inbound.isEmpty() && !paused) {
                chunk = takeChunk();
                if (!inbound.isEmpty() || endOfStream) {
                    postPump();
                }
            } else if (inbound.isEmpty() && endOfStream) {
                ended = true;
            }
        }
        if (chunk != null) {
            handler.onFrame(this, chunk);
        } else if (cause != null || ended) {
            announceClose(cause);
        }
    }

    /** Holds the lock; cuts a chunk across the buffers sent, as a TCP read does. */
    private ByteBuffer takeChunk() {
        int available = inbound.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer chunk = ByteBuffer.allocate(network.chunkSize(available, maxChunk));
        while (chunk.hasRemaining()) {
            ByteBuffer head = inbound.peek();
            int n = Math.min(head.remaining(), chunk.remaining());
            chunk.put(head.slice(head.position(), n));
            head.position(head.position() + n);
            if (!head.hasRemaining()) {
                inbound.poll();
            }
        }
        return chunk.flip();
    }
}
