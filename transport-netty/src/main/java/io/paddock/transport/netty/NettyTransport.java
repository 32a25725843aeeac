package io.paddock.transport.netty;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandler;
import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;

/**
 * {@link Transport} on Netty 4.1: epoll where Netty's native library loads, Netty's NIO otherwise,
 * and TLS through Netty's {@link SslHandler} on the JDK's engine. A few event loop threads, shared
 * by listeners and connections, start with the first listen or connect and stop in
 * {@link #close()}. See {@link NettyConnection} for framing, back-pressure and writes.
 */
@Component(service = Transport.class, property = Transport.PROPERTY + "=netty")
@Designate(ocd = NettyTransport.Config.class)
public final class NettyTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    /** Bound on joining the threads, and on a listener's close, when the transport stops. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    /** How long a TLS handshake may take before the connection is dropped. */
    private static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    /**
     * Unwritten bytes above which a channel is not writable and so stops being read, and below
     * which it is read again. A few large replies' worth: enough to keep a fast reader's socket
     * busy, small enough that a thousand slow readers cost little.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    @ObjectClassDefinition(name = "Paddock Netty transport")
    public @interface Config {
        @AttributeDefinition(description = "Event loop threads; 0 means min(2, available processors)")
        int ioThreads() default 0;

        @AttributeDefinition(description = "Use epoll when Netty's native library is available; false forces NIO")
        boolean preferNative() default true;
    }

    private final int ioThreads;
    private final boolean preferNative;
    private final AtomicLong connectionIds = new AtomicLong();
    private final Set<NettyListener> listeners = ConcurrentHashMap.newKeySet();
    /** Connections opened by connect(); accepted ones belong to their listener. */
    private final Set<NettyConnection> connected = ConcurrentHashMap.newKeySet();
    private EventLoops loops; // guarded by this; created on first use
    private boolean closed; // guarded by this

    /** A transport with the default number of threads, on epoll when available. */
    public NettyTransport() {
        this(0, true);
    }

    /**
     * @param ioThreads    how many event loop threads; 0 means min(2, available processors)
     * @param preferNative use epoll when available; false forces Netty's NIO
     */
    public NettyTransport(int ioThreads, boolean preferNative) {
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative: " + ioThreads);
        }
        this.ioThreads = ioThreads > 0 ? ioThreads : Math.min(2, Runtime.getRuntime().availableProcessors());
        this.preferNative = preferNative;
    }

    @Activate
    public NettyTransport(Config config) {
        this(config.ioThreads(), config.preferNative());
    }

    @Override
    public String name() {
        return "netty";
    }

    /** "epoll" or "nio" once started; null before the first listen or connect. */
    synchronized String backend() {
        return loops == null ? null : loops.backend;
    }

    @Override
    public Listener listen(InetSocketAddress address, TransportOptions options, FrameHandler handler)
            throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        EventLoops running = loops();
        NettyListener[] listener = new NettyListener[1];
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(running.group)
                .channel(running.serverChannelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                // A raw stream's end of stream waits behind bytes held back by a pause: see NettyConnection.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        NettyListener owner = listener[0];
                        NettyConnection connection = new NettyConnection(connectionIds.incrementAndGet(), options,
                                handler, true, c -> owner.forget(c));
                        if (!owner.adopt(connection)) {
                            channel.close(); // accepted while the listener closed
                            return;
                        }
                        if (options.isTls()) {
                            channel.pipeline().addLast("tls", sslHandler(options.tls(), null));
                        }
                        channel.pipeline().addLast("paddock", connection);
                    }
                });
        if (options.backlog() > 0) {
            bootstrap.option(ChannelOption.SO_BACKLOG, options.backlog());
        }
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            // The JDK reports every failed bind as a BindException; epoll's native error is a plain IOException.
            Throwable cause = bound.cause();
            BindException withAddress = new BindException("cannot listen on " + address + ": " + cause.getMessage());
            withAddress.initCause(cause);
            throw withAddress;
        }
        listener[0] = new NettyListener(bound.channel(), listeners::remove, JOIN_TIMEOUT);
        if (!adopt(listener[0])) {
            listener[0].close();
            throw new IOException("transport is closed");
        }
        log.info("listening on {}{}{}", listener[0].localAddress(), options.isTls() ? " with TLS" : "",
                options.rawStream() ? ", unframed" : "");
        return listener[0];
    }

    private synchronized boolean adopt(NettyListener listener) {
        if (closed) {
            return false;
        }
        listeners.add(listener);
        return true;
    }

    @Override
    public Connection connect(InetSocketAddress address, TransportOptions options, FrameHandler handler,
            Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        long timeoutMillis = timeout.toMillis();
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        EventLoops running = loops();
        long deadline = System.nanoTime() + timeout.toNanos();
        NettyConnection connection = new NettyConnection(connectionIds.incrementAndGet(), options, handler, false,
                connected::remove);
        connected.add(connection);
        ChannelFuture connecting = new Bootstrap()
                .group(running.group)
                .channel(running.channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                // A raw stream's end of stream waits behind bytes held back by a pause: see NettyConnection.
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (options.isTls()) {
                            channel.pipeline().addLast("tls", sslHandler(options.tls(), address));
                        }
                        channel.pipeline().addLast("paddock", connection);
                    }
                })
                .connect(address);
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                // A channel that never became active gets no channelInactive: fail here instead.
                connection.established.completeExceptionally(done.cause());
            }
        });
        try {
            // Established means the handler has had onOpen: with TLS, after the handshake.
            connection.established.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return connection;
        } catch (TimeoutException e) {
            connecting.channel().close();
            connected.remove(connection);
            throw new SocketTimeoutException("connecting to " + address + " took more than " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            connecting.channel().close();
            connected.remove(connection);
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io; // ConnectException, SSLHandshakeException, ...
            }
            throw new IOException("cannot connect to " + address + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.channel().close();
            connected.remove(connection);
            throw new IOException("interrupted while connecting to " + address, e);
        }
    }

    /**
     * A TLS handler on a fresh engine: a server engine for {@code peer == null}, else a client one
     * (the peer's host and port let the JDK resume sessions).
     */
    private static SslHandler sslHandler(TransportOptions.Tls tls, InetSocketAddress peer) {
        SSLEngine engine = peer == null ? tls.context().createSSLEngine()
                : tls.context().createSSLEngine(peer.getHostString(), peer.getPort());
        engine.setUseClientMode(peer != null);
        if (peer == null) {
            switch (tls.clientAuth()) {
                case NEED -> engine.setNeedClientAuth(true);
                case WANT -> engine.setWantClientAuth(true);
                case NONE -> engine.setNeedClientAuth(false);
            }
        }
        if (!tls.protocols().isEmpty()) {
            engine.setEnabledProtocols(tls.protocols().toArray(String[]::new));
        }
        if (!tls.cipherSuites().isEmpty()) {
            engine.setEnabledCipherSuites(tls.cipherSuites().toArray(String[]::new));
        }
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        return handler;
    }

    private synchronized EventLoops loops() throws IOException {
        if (closed) {
            throw new IOException("transport is closed");
        }
        if (loops == null) {
            loops = EventLoops.start(ioThreads, preferNative);
        }
        return loops;
    }

    /**
     * Stops the transport: closes every listener and connection (handlers get onClose) and
     * joins every thread it started, each within a bound. Later listen and connect calls fail.
     */
    @Deactivate
    public void close() {
        EventLoops running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = loops;
        }
        for (NettyListener listener : List.copyOf(listeners)) {
            listener.close();
        }
        for (NettyConnection connection : List.copyOf(connected)) {
            connection.abort();
        }
        if (running != null) {
            running.shutdown(JOIN_TIMEOUT);
        }
        log.debug("netty transport stopped");
    }
}
