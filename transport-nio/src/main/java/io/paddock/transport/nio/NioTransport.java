package io.paddock.transport.nio;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;

/**
 * {@link Transport} over java.nio: a blocking accept thread per listener and a few selector
 * threads that do all reading, writing and handler calls. The selector threads start with
 * the first listen or connect and stop in {@link #close()}.
 */
@Component(service = Transport.class, property = Transport.PROPERTY + "=nio")
@Designate(ocd = NioTransport.Config.class)
public final class NioTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(NioTransport.class);

    /** Bound on joining each thread when the transport stops. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    @ObjectClassDefinition(name = "Paddock NIO transport")
    public @interface Config {
        @AttributeDefinition(description = "Selector threads; 0 means min(2, available processors)")
        int selectorThreads() default 0;
    }

    private final int selectorThreads;
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Set<NioListener> listeners = ConcurrentHashMap.newKeySet();
    private List<SelectorLoop> loops; // guarded by this; created on first use
    private boolean closed; // guarded by this

    /** A transport with the default number of selector threads. */
    public NioTransport() {
        this(0);
    }

    /** @param selectorThreads how many selector threads; 0 means min(2, available processors) */
    public NioTransport(int selectorThreads) {
        if (selectorThreads < 0) {
            throw new IllegalArgumentException("selectorThreads must not be negative: " + selectorThreads);
        }
        this.selectorThreads = selectorThreads > 0 ? selectorThreads
                : Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    @Activate
    public NioTransport(Config config) {
        this(config.selectorThreads());
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public Listener listen(InetSocketAddress address, TransportOptions options, FrameHandler handler)
            throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        refuseTls(options);
        List<SelectorLoop> running = loops();
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            try {
                server.bind(address, options.backlog());
            } catch (BindException e) {
                BindException withAddress = new BindException("cannot listen on " + address + ": " + e.getMessage());
                withAddress.initCause(e);
                throw withAddress;
            }
            NioListener listener = new NioListener(server, options, handler, placement(running), listeners::remove,
                    JOIN_TIMEOUT);
            adopt(listener);
            listener.start();
            log.info("listening on {}{}", listener.localAddress(), options.rawStream() ? ", unframed" : "");
            return listener;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Tracks a listener so close() stops it; checked under the lock close() takes. */
    private synchronized void adopt(NioListener listener) throws IOException {
        if (closed) {
            throw new IOException("transport is closed");
        }
        listeners.add(listener);
    }

    @Override
    public Connection connect(InetSocketAddress address, TransportOptions options, FrameHandler handler,
            Duration timeout) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        refuseTls(options);
        List<SelectorLoop> running = loops();
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // A blocking connect bounded by the timeout is the simplest way to honour it; the
            // channel joins a selector only once established.
            channel.socket().connect(address, timeoutMillis(timeout));
            channel.configureBlocking(false);
            NioConnection connection = new NioConnection(connectionIds.incrementAndGet(), channel,
                    placement(running).nextLoop(), options, handler, false, c -> { });
            if (!connection.start()) {
                throw new IOException("transport is closed; cannot connect to " + address);
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void refuseTls(TransportOptions options) {
        if (options.isTls()) {
            throw new UnsupportedOperationException(
                    "the nio transport does not do TLS; use the netty transport (transport=netty) for a secure port");
        }
    }

    private static int timeoutMillis(Duration timeout) {
        long millis = timeout.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private synchronized List<SelectorLoop> loops() throws IOException {
        if (closed) {
            throw new IOException("transport is closed");
        }
        if (loops == null) {
            List<SelectorLoop> created = new ArrayList<>(selectorThreads);
            try {
                for (int i = 1; i <= selectorThreads; i++) {
                    created.add(new SelectorLoop("paddock-nio-selector-" + i));
                }
            } catch (IOException e) {
                created.forEach(loop -> loop.shutdown(JOIN_TIMEOUT));
                throw e;
            }
            created.forEach(SelectorLoop::start);
            loops = List.copyOf(created);
            log.debug("started {} selector threads", selectorThreads);
        }
        return loops;
    }

    private NioListener.Placement placement(List<SelectorLoop> running) {
        return new NioListener.Placement() {
            @Override
            public SelectorLoop nextLoop() {
                return running.get(Math.floorMod(nextLoop.getAndIncrement(), running.size()));
            }

            @Override
            public long nextConnectionId() {
                return connectionIds.incrementAndGet();
            }
        };
    }

    /**
     * Stops the transport: closes every listener and connection (handlers get onClose) and
     * joins every thread it started, each within a bound. Later listen and connect calls fail.
     */
    @Deactivate
    public void close() {
        List<SelectorLoop> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = loops == null ? List.of() : loops;
        }
        for (NioListener listener : List.copyOf(listeners)) {
            listener.close();
        }
        // Each loop runs the tasks already queued (the listeners' aborts among them), then
        // closes whatever is still registered: connections opened by connect().
        running.forEach(loop -> loop.shutdown(JOIN_TIMEOUT));
        log.debug("nio transport stopped");
    }
}
