package io.paddock.quorum.election;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A network in memory for {@link Transport}s in raw-stream mode ({@link TransportOptions#rawStream()}),
 * so the election links can be tested without sockets or a real transport.
 *
 * <ul>
 * <li>Each peer gets its own {@link #transport(String) transport}, named for the tests' asserts;
 * they share the listening addresses. Connecting to an address nobody listens on fails at once
 * with {@link ConnectException}, as a refused TCP connection does.</li>
 * <li>Bytes sent on a connection reach the other end in order, cut into chunks of random size
 * (1 to {@code maxChunk}, and never above the receiver's {@code maxFrameLength}) with no regard
 * for where one send ended: a chunk may hold the end of one message and the start of the next,
 * as TCP does. The sizes come from a seeded {@link Random}.</li>
 * <li>All handler events, of every connection, run on one thread, {@value #EVENT_THREAD}, one at
 * a time and in the order they were caused: events of a connection are in order, and no handler
 * is ever called from inside {@code connect}, {@code sendRaw} or {@code close}, as with a real
 * transport.</li>
 * <li>{@code close} delivers what was sent before it, then closes the other end (cause null);
 * {@code abort} throws queued bytes away and closes the other end with an {@link IOException}.
 * Each end gets {@code onClose} exactly once. Closing a listener aborts what it accepted.</li>
 * </ul>
 */
final class InMemoryNetwork implements AutoCloseable {
    static final String EVENT_THREAD = "paddock-election-test-network";

    /** One open connection, by the names of the transports at its ends. */
    record Link(String opener, String acceptor) {}

    final Object lock = new Object();
    private final Random random;
    private final int maxChunk;
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> new Thread(r, EVENT_THREAD));
    private final Map<InetSocketAddress, InMemoryListener> listeners = new HashMap<>();
    private final List<InMemoryConnection> opened = new ArrayList<>();
    private long nextId;
    private int nextPort = 50_000;

    InMemoryNetwork(long seed, int maxChunk) {
        this.random = new Random(seed);
        this.maxChunk = maxChunk;
    }

    /** A transport for one peer, named {@code name}. */
    Transport transport(String name) {
        return new PeerTransport(name);
    }

    /** Connections both of whose ends are still open. */
    List<Link> openLinks() {
        synchronized (lock) {
            return opened.stream().filter(c -> c.isOpen() && c.peer().isOpen())
                    .map(c -> new Link(c.owner(), c.peer().owner())).toList();
        }
    }

    /** Stops the event thread; events not yet run are dropped. */
    @Override
    public void close() throws InterruptedException {
        events.shutdownNow();
        if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException(EVENT_THREAD + " did not stop");
        }
    }

    void post(Runnable event) {
        try {
            events.execute(event);
        } catch (RejectedExecutionException e) {
            // The network is closed: nothing is delivered any more.
        }
    }

    /** A chunk size for {@code available} bytes to a receiver taking at most {@code limit}; event thread only. */
    int chunkSize(int available, int limit) {
        int most = Math.min(available, Math.min(limit, maxChunk));
        return 1 + random.nextInt(most);
    }

    private final class PeerTransport implements Transport {
        private final String name;

        PeerTransport(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return "in-memory";
        }

        @Override
        public Listener listen(InetSocketAddress address, TransportOptions options, FrameHandler handler)
                throws IOException {
            requireRawStream(options);
            synchronized (lock) {
                if (listeners.containsKey(address)) {
                    throw new BindException("Address already in use: " + address);
                }
                InMemoryListener listener = new InMemoryListener(name, address, options, handler);
                listeners.put(address, listener);
                return listener;
            }
        }

        @Override
        public Connection connect(InetSocketAddress address, TransportOptions options, FrameHandler handler,
                Duration timeout) throws IOException {
            requireRawStream(options);
            synchronized (lock) {
                InMemoryListener listener = listeners.get(address);
                if (listener == null) {
                    throw new ConnectException("Connection refused: " + address);
                }
                InetSocketAddress local = new InetSocketAddress("127.0.0.1", nextPort++);
                InMemoryConnection client = new InMemoryConnection(InMemoryNetwork.this, nextId++, name, local,
                        address, handler, options.maxFrameLength());
                InMemoryConnection server = new InMemoryConnection(InMemoryNetwork.this, nextId++, listener.owner,
                        address, local, listener.handler, listener.options.maxFrameLength());
                client.pair(server);
                server.pair(client);
                listener.accepted.add(server);
                opened.add(client);
                // The accepting side hears first, as a server's accept comes before the client's
                // connect returns; the client's bytes can only follow both.
                post(server::announceOpen);
                post(client::announceOpen);
                return client;
            }
        }

        private void requireRawStream(TransportOptions options) {
            if (!options.rawStream()) {
                throw new UnsupportedOperationException("the in-memory network only carries raw streams");
            }
        }
    }

    private final class InMemoryListener implements Listener {
        final String owner;
        final InetSocketAddress address;
        final TransportOptions options;
        final FrameHandler handler;
        final List<InMemoryConnection> accepted = new ArrayList<>();

        InMemoryListener(String owner, InetSocketAddress address, TransportOptions options, FrameHandler handler) {
            this.owner = owner;
            this.address = address;
            this.options = options;
            this.handler = handler;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public void close() {
            List<InMemoryConnection> toAbort;
            synchronized (lock) {
                if (listeners.get(address) != this) {
                    return;
                }
                listeners.remove(address);
                toAbort = List.copyOf(accepted);
            }
            toAbort.forEach(InMemoryConnection::abort);
        }
    }
}
