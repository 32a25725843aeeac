package io.paddock.transport.netty;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.FrameTooLargeException;
import io.paddock.api.transport.TransportOptions;

/**
 * One channel's framing, back-pressure and handler calls; the last handler of its pipeline,
 * behind an {@link SslHandler} on a TLS connection. Everything but the public {@link Connection}
 * methods runs on the channel's event loop, so handler calls are serial without locks; the
 * public methods may be called from any thread and only set a flag, queue bytes or queue a task.
 *
 * <h2>Reading</h2>
 * Inbound bytes accumulate in one buffer from which whole frames are copied into heap buffers the
 * handler owns. The preamble is offered exactly as {@link FrameHandler} says: the first four bytes
 * of an accepted connection, then the trailer the handler asks for, a declined word staying where
 * it is as the first frame's length. On a TLS connection all of this happens on the decrypted
 * stream, and only once the handshake has succeeded.
 *
 * <p>A raw stream ({@link TransportOptions#rawStream()}) has no frames and no preamble: whatever
 * has accumulated is copied out as it is, in chunks of at most {@code maxFrameLength}. Pausing,
 * and TLS work the same way. Every channel allows half-closure, so the peer's end of
 * stream arrives as an event and waits behind the bytes a pause holds back: epoll reads to the end
 * of stream when the peer's FIN comes, auto-read or not, and closing there would drop those bytes
 * (frames as much as raw bytes).
 *
 * <h2>Back-pressure</h2>
 * Auto-read is on only while the handler wants frames ({@link #pauseReading} not in force), the
 * connection is not closing, and the channel is writable. Netty marks a channel unwritable when
 * the bytes waiting to be written pass the high water mark, and writable again below the low one;
 * so a peer that sends requests but does not read the replies stops being read, TCP's window
 * pushes back on it, and the server never buffers more than about the high water mark plus the
 * replies to one read's worth of requests. Frames already decoded stay in the buffer while
 * paused; they are delivered on {@link #resumeReading}. A raw stream is read regardless of
 * writability, as the NIO transport reads: with this transport at both ends of a quorum link,
 * tying the two would stall both ends for good once each had queued more than the high water mark
 * for the other. The protocol bounds what it queues there ({@link #queuedBytes}).
 *
 * <h2>Writing</h2>
 * Sends go into a queue; the first send after a drain schedules one task on the event loop that
 * writes everything queued and flushes once, so a burst of replies (from the event loop or from
 * other threads) becomes one gathering write.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements Connection {
    private static final Logger log = LoggerFactory.getLogger(NettyConnection.class);

    private static final int LENGTH_SIZE = Integer.BYTES;
    /** Queued after the last bytes {@link #close()} lets through. */
    private static final Object CLOSE = new Object();

    private final long id;
    private final FrameHandler handler;
    private final int maxFrameLength;
    private final boolean rawStream;
    private final boolean tls;
    private final Consumer<NettyConnection> closeListener;
    /** Completes when the handler has been told of the connection, or fails if it never will be. */
    final CompletableFuture<Void> established = new CompletableFuture<>();

    // Any thread.
    private final Queue<Object> outbound = new ConcurrentLinkedQueue<>(); // ByteBuf or CLOSE
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile Channel channel;
    private volatile InetSocketAddress remoteAddress;
    private volatile InetSocketAddress localAddress;
    private volatile List<X509Certificate> peerCertificates = List.of();
    private volatile boolean paused;
    private volatile boolean closeRequested;
    private volatile boolean aborted;

    // Event loop only.
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private boolean preambleSeen;
    /** The trailer the handler asked for after the preamble word; -1 until asked. */
    private int preambleTrailer = -1;
    /** The peer has sent its last byte (half-closure, raw streams only); close once it is handed over. */
    private boolean inputShutdown;
    private boolean opened;
    /** No more frames are delivered: the preamble was claimed, or the connection is closing. */
    private boolean stopped;
    /** Everything up to a CLOSE has been written; later sends are dropped. */
    private boolean shut;
    private boolean closeReported;
    private Throwable closeCause;

    NettyConnection(long id, TransportOptions options, FrameHandler handler, boolean expectPreamble,
            Consumer<NettyConnection> closeListener) {
        this.id = id;
        this.handler = handler;
        this.maxFrameLength = options.maxFrameLength();
        this.rawStream = options.rawStream();
        this.tls = options.isTls();
        // A raw stream has no first length for a four-letter word to stand in for.
        this.preambleSeen = !expectPreamble || rawStream;
        this.closeListener = closeListener;
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

    @Override
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    /**
     * Queues the payload's remaining bytes behind a length prefix, without copying them: the
     * buffer's position is left alone, but its contents must not change until it is written.
     */
    @Override
    public void sendFrame(ByteBuffer payload) {
        ByteBuffer body = payload.slice();
        ByteBuffer length = ByteBuffer.allocate(LENGTH_SIZE).putInt(0, body.remaining());
        enqueue(Unpooled.wrappedBuffer(length, body));
    }

    @Override
    public void sendRaw(ByteBuffer bytes) {
        enqueue(Unpooled.wrappedBuffer(bytes.slice()));
    }

    private void enqueue(ByteBuf bytes) {
        if (closeRequested) {
            log.debug("{} is closing; dropped a send", this);
            return;
        }
        queuedBytes.addAndGet(bytes.readableBytes());
        outbound.add(bytes);
        scheduleDrain();
    }

    @Override
    public void pauseReading() {
        paused = true;
        onLoop(this::updateAutoRead);
    }

    @Override
    public void resumeReading() {
        paused = false;
        // Always a task: called from inside onFrame, delivering here would nest handler calls.
        onLoop(this::resume);
    }

    @Override
    public void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        outbound.add(CLOSE);
        scheduleDrain();
    }

    @Override
    public void abort() {
        closeRequested = true;
        aborted = true;
        queuedBytes.set(0);
        // A task even on the event loop, so onClose never runs nested in another event.
        onLoop(() -> closeWith(null));
    }

    @Override
    public boolean isOpen() {
        return !closeRequested;
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public String toString() {
        return "connection " + id + " " + localAddress + " <-> " + remoteAddress;
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            onLoop(this::drain);
        }
    }

    private void onLoop(Runnable task) {
        Channel current = channel;
        if (current == null) {
            return; // never got a channel: nothing to act on
        }
        try {
            current.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop has stopped, and closed this connection on its way out.
            log.debug("{}: event loop has stopped; ignoring request", this);
        }
    }

    // ---- event loop

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.channel = context.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        remoteAddress = (InetSocketAddress) context.channel().remoteAddress();
        localAddress = (InetSocketAddress) context.channel().localAddress();
        if (tls) {
            // Auto-read is off until the handler is told: read the handshake explicitly.
            context.read();
        } else {
            open();
        }
        context.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                peerCertificates = verifiedPeerChain(context.pipeline().get(SslHandler.class));
                open();
            } else {
                // The SslHandler closes the channel; the handler never heard of it.
                log.info("TLS handshake with {} failed: {}", remoteAddress, String.valueOf(handshake.cause()));
                established.completeExceptionally(handshake.cause());
            }
        } else if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            closeAtEndOfStream();
        }
        context.fireUserEventTriggered(event);
    }

    private static List<X509Certificate> verifiedPeerChain(SslHandler ssl) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : ssl.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // client auth NONE or WANT, and the peer sent none
        }
    }

    private void open() {
        opened = true;
        log.debug("opened {}{}", this, tls ? " (TLS)" : "");
        boolean ok = callHandler(() -> handler.onOpen(this));
        established.complete(null);
        if (ok) {
            deliver(); // bytes that came with the end of the handshake
            updateAutoRead();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf in = (ByteBuf) message;
        if (stopped) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(context.alloc(), cumulation, in);
        if (opened) {
            deliver();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (!opened && tls && !stopped) {
            context.read(); // the handshake is not over yet
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        log.debug("{} is {}writable", this, context.channel().isWritable() ? "" : "not ");
        updateAutoRead();
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Throwable unwrapped = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        log.debug("{}: failed", this, unwrapped);
        if (!opened) {
            established.completeExceptionally(unwrapped);
        }
        closeWith(unwrapped);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        stopped = true;
        closeRequested = true;
        releaseCumulation();
        discardOutbound();
        closeListener.accept(this);
        if (!opened) {
            established.completeExceptionally(closeCause != null ? closeCause
                    : new java.io.IOException("connection to " + remoteAddress + " closed before it was established"));
            return;
        }
        if (!closeReported) {
            closeReported = true;
            log.debug("closed {}{}", this, closeCause == null ? "" : ": " + closeCause);
            try {
                handler.onClose(this, closeCause);
            } catch (RuntimeException e) {
                log.warn("{}: handler failed in onClose", this, e);
            }
        }
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseCumulation();
    }

    private void updateAutoRead() {
        Channel current = channel;
        if (current == null || !current.isActive() || !opened) {
            return;
        }
        boolean wanted = !paused && !stopped && !closeRequested && (rawStream || current.isWritable());
        if (current.config().isAutoRead() != wanted) {
            current.config().setAutoRead(wanted); // turning it on also asks for the next read
        }
    }

    private void resume() {
        if (stopped || paused) {
            return;
        }
        deliver();
        updateAutoRead();
        closeAtEndOfStream();
    }

    /**
     * Closes, as the peer has, once its end of stream has been reached and everything before it
     * handed over; while reading is paused, the end of stream waits for {@link #resumeReading}.
     */
    private void closeAtEndOfStream() {
        if (inputShutdown && !paused && ctx != null) {
            log.debug("{}: closed by peer", this);
            ctx.close();
        }
    }

    /**
     * Hands what has accumulated to the handler, in order, until it pauses, the connection stops,
     * or the bytes run out; keeps the rest for later.
     */
    private void deliver() {
        if (rawStream) {
            deliverChunks();
        } else {
            deliverFrames();
        }
        if (cumulation != null) {
            if (!cumulation.isReadable()) {
                releaseCumulation();
            } else {
                cumulation.discardSomeReadBytes();
            }
        }
    }

    /** Hands the accumulated bytes over as they are, in chunks of at most {@code maxFrameLength}. */
    private void deliverChunks() {
        while (!paused && !stopped && cumulation != null && cumulation.isReadable()) {
            byte[] chunk = new byte[Math.min(cumulation.readableBytes(), maxFrameLength)];
            cumulation.readBytes(chunk);
            if (!callHandler(() -> handler.onFrame(this, ByteBuffer.wrap(chunk)))) {
                break;
            }
        }
    }

    /** Hands every complete frame over, offering the preamble first on an accepted connection. */
    private void deliverFrames() {
        while (!paused && !stopped && cumulation != null) {
            if (cumulation.readableBytes() < LENGTH_SIZE) {
                break;
            }
            int word = cumulation.getInt(cumulation.readerIndex());
            if (!preambleSeen && !offerPreamble(word)) {
                break;
            }
            if (word < 0 || word > maxFrameLength) {
                // A client can send this; INFO, not WARN, so a port scanner cannot flood the log.
                log.info("closing connection {} from {}: frame length {} is outside [0, {}]", id, remoteAddress, word,
                        maxFrameLength);
                closeWith(new FrameTooLargeException(word, maxFrameLength));
                break;
            }
            if (cumulation.readableBytes() < LENGTH_SIZE + word) {
                break;
            }
            cumulation.skipBytes(LENGTH_SIZE);
            byte[] payload = new byte[word];
            cumulation.readBytes(payload);
            if (!callHandler(() -> handler.onFrame(this, ByteBuffer.wrap(payload)))) {
                break;
            }
        }
    }

    /**
     * Offers the preamble word, and the trailer the handler asks for once it has arrived.
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
                closeWith(new IllegalArgumentException("handler asked for a preamble trailer of " + asked[0]
                        + " bytes, outside [0, " + FrameHandler.MAX_PREAMBLE_TRAILER + "]"));
                return false;
            }
            preambleTrailer = asked[0];
        }
        if (cumulation.readableBytes() < LENGTH_SIZE + preambleTrailer) {
            return false;
        }
        preambleSeen = true;
        ByteBuffer trailer = cumulation.nioBuffer(cumulation.readerIndex() + LENGTH_SIZE, preambleTrailer)
                .asReadOnlyBuffer();
        boolean[] claimed = new boolean[1];
        if (!callHandler(() -> claimed[0] = handler.onPreamble(this, word, trailer))) {
            return false;
        }
        if (claimed[0]) {
            log.debug("{}: preamble {} claimed by the handler", this, Integer.toHexString(word));
            // The handler answers and closes; nothing after the word is read.
            stopped = true;
            releaseCumulation();
            updateAutoRead();
            return false;
        }
        return true;
    }

    /** Writes everything queued and flushes once; at a CLOSE, closes after the last write. */
    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        Object next;
        while ((next = outbound.poll()) != null) {
            if (next == CLOSE) {
                shut = true;
                stopped = true;
                releaseCumulation();
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                wrote = false;
                continue;
            }
            ByteBuf bytes = (ByteBuf) next;
            int size = bytes.readableBytes();
            if (shut || aborted) {
                bytes.release();
                written(size);
                continue;
            }
            ctx.write(bytes).addListener(future -> written(size));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void written(int size) {
        if (!aborted) {
            queuedBytes.updateAndGet(bytes -> Math.max(0, bytes - size));
        }
    }

    /** Closes now, dropping what is queued; the handler hears {@code cause} in onClose. */
    private void closeWith(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        stopped = true;
        closeRequested = true;
        releaseCumulation();
        discardOutbound();
        if (ctx != null) {
            ctx.close();
        }
    }

    private void discardOutbound() {
        Object next;
        while ((next = outbound.poll()) != null) {
            if (next instanceof ByteBuf bytes) {
                bytes.release();
            }
        }
        queuedBytes.set(0);
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    /**
     * Runs a handler callback; if it throws, the connection is closed with that as the cause.
     *
     * @return false if the connection has stopped
     */
    private boolean callHandler(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("{}: handler failed; closing", this, e);
            closeWith(e);
        }
        return !stopped;
    }
}
