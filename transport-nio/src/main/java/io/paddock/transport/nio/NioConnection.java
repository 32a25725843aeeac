package io.paddock.transport.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.FrameTooLargeException;
import io.paddock.api.transport.TransportOptions;

/**
 * A connection on one {@link SelectorLoop}. Reading, decoding, writing, closing and every
 * handler call happen on that loop's thread; the public methods may be called from any
 * thread and only set a flag, queue bytes or queue a task.
 *
 * <p>Inbound bytes go to a small read buffer from which whole frames are copied out. A frame
 * that does not fit is read straight into its own buffer (a scattering read fills it and then
 * the read buffer), so a large payload is copied once, from the socket.
 *
 * <p>A raw stream ({@link TransportOptions#rawStream()}) has no frames: whatever the read buffer
 * holds is copied out as it is, in chunks of at most {@code maxFrameLength}, and no preamble is
 * offered, since there is no first length for a four-letter word to stand in for.
 */
final class NioConnection implements Connection, SelectorLoop.Endpoint {
    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);

    /** Holds several typical ZooKeeper requests; larger frames get their own buffer. */
    static final int READ_BUFFER_SIZE = 8 * 1024;
    /**
     * A raw stream's read buffer. Quorum links are few and carry whole snapshots, so fewer,
     * larger reads are worth the memory; every byte is copied out of it once either way.
     */
    static final int RAW_READ_BUFFER_SIZE = 64 * 1024;
    /** Buffers handed to one gathering write (the kernel's IOV_MAX is 1024). */
    private static final int MAX_GATHER = 64;
    /**
     * Bytes offered to one gathering write. The JDK copies heap buffers into direct ones for
     * every call, so offering far more than the socket takes would copy it again and again.
     */
    private static final long MAX_GATHER_BYTES = 256 * 1024;
    private static final int LENGTH_SIZE = Integer.BYTES;

    /** Told when the connection has closed, so a listener can forget it. */
    interface CloseListener {
        void closed(NioConnection connection);
    }

    private final long id;
    private final SocketChannel channel;
    private final SelectorLoop loop;
    private final int maxFrameLength;
    private final boolean rawStream;
    private final FrameHandler handler;
    private final CloseListener closeListener;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final OutboundQueue outbound = new OutboundQueue();

    // Set by any thread, acted on by the loop.
    private volatile boolean paused;
    private volatile boolean closeRequested;
    private volatile boolean resumeQueued;

    // Loop thread only.
    private SelectionKey key;
    private final ByteBuffer readBuffer; // kept in fill mode
    private final ByteBuffer[] scatter = new ByteBuffer[2];
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    /** A frame too big for the read buffer, filled straight from the socket; full once complete. */
    private ByteBuffer largeFrame;
    private boolean preambleSeen;
    /** The trailer the handler asked for after the preamble word; -1 until asked. */
    private int preambleTrailer = -1;
    private boolean framingStopped;
    private boolean writeBlocked;
    private boolean closed;

    NioConnection(long id, SocketChannel channel, SelectorLoop loop, TransportOptions options, FrameHandler handler,
            boolean expectPreamble, CloseListener closeListener) throws IOException {
        this.id = id;
        this.channel = channel;
        this.loop = loop;
        this.maxFrameLength = options.maxFrameLength();
        this.rawStream = options.rawStream();
        this.readBuffer = ByteBuffer.allocate(rawStream ? RAW_READ_BUFFER_SIZE : READ_BUFFER_SIZE);
        this.handler = handler;
        this.closeListener = closeListener;
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.preambleSeen = !expectPreamble || rawStream;
    }

    // ---- public API, any thread

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Queues the payload's remaining bytes behind a length prefix. The buffer's position is
     * left alone, but its contents must not change until it is written.
     */
    @Override
    public void sendFrame(ByteBuffer payload) {
        ByteBuffer body = payload.slice();
        ByteBuffer length = ByteBuffer.allocate(LENGTH_SIZE).putInt(0, body.remaining());
        enqueue(length, body);
    }

    @Override
    public void sendRaw(ByteBuffer bytes) {
        enqueue(bytes.slice(), null);
    }

    private void enqueue(ByteBuffer first, ByteBuffer second) {
        switch (outbound.offer(first, second)) {
            case FLUSH_NEEDED -> onLoop(this::flush);
            case REFUSED -> log.debug("connection {} to {} is closing; dropped a send", id, remoteAddress);
            case QUEUED -> {
                // the pending flush or the next writable event writes it
            }
        }
    }

    @Override
    public void pauseReading() {
        paused = true;
        if (loop.inLoop()) {
            updateInterest();
        } else {
            onLoop(this::updateInterest);
        }
    }

    @Override
    public void resumeReading() {
        paused = false;
        // Always deferred: called from inside onFrame, delivering here would nest handler calls.
        if (!resumeQueued) {
            resumeQueued = true;
            onLoop(this::resume);
        }
    }

    @Override
    public void close() {
        closeRequested = true;
        if (outbound.shut()) {
            onLoop(this::flush);
        }
    }

    @Override
    public void abort() {
        closeRequested = true;
        outbound.discard();
        // Deferred even on the loop thread, so onClose never runs nested in another event.
        onLoop(() -> closeNow(null));
    }

    @Override
    public boolean isOpen() {
        return !closeRequested;
    }

    @Override
    public long queuedBytes() {
        return outbound.bytes();
    }

    @Override
    public String toString() {
        return "connection " + id + " " + localAddress + " <-> " + remoteAddress;
    }

    private void onLoop(Runnable task) {
        if (!loop.execute(task)) {
            // The loop has terminated, and closed this connection on its way out.
            log.debug("{}: selector loop has stopped; ignoring request", this);
        }
    }

    // ---- loop thread

    /**
     * Queues the connection's first task, registering it and calling onOpen.
     *
     * @return false if the loop has stopped; the caller then closes the channel
     */
    boolean start() {
        return loop.execute(this::register);
    }

    /** Registers with the loop and announces the connection. */
    private void register() {
        try {
            key = loop.register(channel, 0, this);
        } catch (IOException | RuntimeException e) {
            closeNow(e);
            return;
        }
        log.debug("opened {}", this);
        if (!callHandler(() -> handler.onOpen(this))) {
            return;
        }
        updateInterest();
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !closed) {
            read();
        }
    }

    @Override
    public void onLoopShutdown() {
        closeNow(null);
    }

    private boolean readingWanted() {
        return !paused && !closeRequested && !framingStopped;
    }

    private void updateInterest() {
        if (closed || key == null || !key.isValid()) {
            return;
        }
        int ops = (readingWanted() ? SelectionKey.OP_READ : 0) | (writeBlocked ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void read() {
        if (!readingWanted()) {
            updateInterest();
            return;
        }
        long count;
        try {
            if (largeFrame != null) {
                // The read buffer is empty while a large frame fills: see deliverFrames.
                scatter[0] = largeFrame;
                scatter[1] = readBuffer;
                try {
                    count = channel.read(scatter);
                } finally {
                    scatter[0] = null; // the handler will own that frame; hold no reference to it
                }
            } else {
                count = channel.read(readBuffer);
            }
        } catch (IOException e) {
            log.debug("{}: read failed", this, e);
            closeNow(e);
            return;
        }
        if (count < 0) {
            log.debug("{}: closed by peer", this);
            closeNow(null);
            return;
        }
        drainReadBuffer();
    }

    private void resume() {
        resumeQueued = false;
        if (closed || !readingWanted()) {
            return;
        }
        drainReadBuffer();
        updateInterest();
    }

    private void drainReadBuffer() {
        readBuffer.flip();
        try {
            if (rawStream) {
                deliverChunks();
            } else {
                deliverFrames();
            }
        } finally {
            if (!closed) {
                readBuffer.compact();
            }
        }
        updateInterest();
    }

    /**
     * Hands every complete frame to the handler, in order, until reading is paused, the
     * connection closes, or the bytes run out. The read buffer is in drain mode.
     */
    private void deliverFrames() {
        while (readingWanted() && !closed) {
            if (largeFrame != null) {
                if (largeFrame.hasRemaining()) {
                    return;
                }
                ByteBuffer frame = largeFrame.flip();
                largeFrame = null;
                if (!callHandler(() -> handler.onFrame(this, frame))) {
                    return;
                }
                continue;
            }
            if (readBuffer.remaining() < LENGTH_SIZE) {
                return;
            }
            int word = readBuffer.getInt(readBuffer.position());
            if (!preambleSeen) {
                // protocol.md section 2: a four-letter word arrives where the first length would.
                if (!offerPreamble(word)) {
                    return;
                }
            }
            if (word < 0 || word > maxFrameLength) {
                // A client can send this; INFO, not WARN, so a port scanner cannot flood the log.
                log.info("closing connection {} from {}: frame length {} is outside [0, {}]", id, remoteAddress,
                        word, maxFrameLength);
                closeNow(new FrameTooLargeException(word, maxFrameLength));
                return;
            }
            readBuffer.position(readBuffer.position() + LENGTH_SIZE);
            ByteBuffer frame = ByteBuffer.allocate(word);
            int available = Math.min(word, readBuffer.remaining());
            frame.put(frame.position(), readBuffer, readBuffer.position(), available);
            frame.position(available);
            readBuffer.position(readBuffer.position() + available);
            if (frame.hasRemaining()) {
                largeFrame = frame; // the read buffer is now empty
                return;
            }
            if (!callHandler(() -> handler.onFrame(this, frame.flip()))) {
                return;
            }
        }
    }

    /**
     * Hands the read buffer's bytes to the handler as they are, in chunks of at most
     * {@code maxFrameLength}, until reading is paused, the connection closes, or the bytes run
     * out. The read buffer is in drain mode.
     */
    private void deliverChunks() {
        while (readingWanted() && !closed && readBuffer.hasRemaining()) {
            int size = Math.min(readBuffer.remaining(), maxFrameLength);
            ByteBuffer chunk = ByteBuffer.allocate(size);
            chunk.put(0, readBuffer, readBuffer.position(), size);
            readBuffer.position(readBuffer.position() + size);
            if (!callHandler(() -> handler.onFrame(this, chunk))) {
                return;
            }
        }
    }

    /**
     * Offers the preamble word, and the trailer the handler asks for once it has arrived
     * (FrameHandler's contract). The read buffer is in drain mode with the word at its position.
     *
     * @return true if framing goes on with the word as the first length, false to stop delivering
     *         (the trailer is incomplete, the handler claimed the word, or the connection closed)
     */
    private boolean offerPreamble(int word) {
        if (preambleTrailer < 0) {
            int[] asked = new int[1];
            if (!callHandler(() -> asked[0] = handler.preambleTrailerLength(word))) {
                return false;
            }
            if (asked[0] < 0 || asked[0] > FrameHandler.MAX_PREAMBLE_TRAILER) {
                closeNow(new IllegalArgumentException("handler asked for a preamble trailer of " + asked[0]
                        + " bytes, outside [0, " + FrameHandler.MAX_PREAMBLE_TRAILER + "]"));
                return false;
            }
            preambleTrailer = asked[0];
        }
        if (readBuffer.remaining() < LENGTH_SIZE + preambleTrailer) {
            return false; // the next read brings the rest; the read buffer holds far more than the maximum
        }
        preambleSeen = true;
        ByteBuffer trailer = readBuffer.slice(readBuffer.position() + LENGTH_SIZE, preambleTrailer)
                .asReadOnlyBuffer();
        boolean[] claimed = new boolean[1];
        if (!callHandler(() -> claimed[0] = handler.onPreamble(this, word, trailer))) {
            return false;
        }
        if (claimed[0]) {
            log.debug("{}: preamble {} claimed by the handler", this, Integer.toHexString(word));
            framingStopped = true;
            readBuffer.position(readBuffer.position() + LENGTH_SIZE + preambleTrailer);
            return false;
        }
        return true;
    }

    /** Writes what is queued, several buffers per call, until done or the socket is full. */
    private void flush() {
        if (closed) {
            return;
        }
        try {
            while (true) {
                int count = outbound.gather(gather, MAX_GATHER_BYTES);
                if (count == 0) {
                    break;
                }
                long written = channel.write(gather, 0, count);
                int done = 0;
                while (done < count && !gather[done].hasRemaining()) {
                    done++;
                }
                outbound.remove(done, written);
                Arrays.fill(gather, 0, count, null);
                if (done < count) {
                    // The socket is full; a writable event resumes. The flush stays pending
                    // meanwhile, so sends from other threads do not wake the loop for nothing.
                    writeBlocked = true;
                    updateInterest();
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("{}: write failed", this, e);
            closeNow(e);
            return;
        }
        writeBlocked = false;
        if (outbound.isShut() && outbound.bytes() == 0) {
            closeNow(null);
            return;
        }
        updateInterest();
    }

    /** Closes the socket and tells the handler, once, whatever asked first. */
    private void closeNow(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        closeRequested = true;
        outbound.discard();
        largeFrame = null;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: close failed", this, e);
        }
        log.debug("closed {}{}", this, cause == null ? "" : ": " + cause);
        closeListener.closed(this);
        try {
            handler.onClose(this, cause);
        } catch (RuntimeException e) {
            log.warn("{}: handler failed in onClose", this, e);
        }
    }

    /**
     * Runs a handler callback; if it throws, the connection is closed with that as the cause.
     *
     * @return false if the connection is closed
     */
    private boolean callHandler(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("{}: handler failed; closing", this, e);
            closeNow(e);
        }
        return !closed;
    }
}
