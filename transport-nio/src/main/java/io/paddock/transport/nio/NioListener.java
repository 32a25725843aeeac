package io.paddock.transport.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.TransportOptions;

/**
 * A listening socket with its own accept thread. Accept is blocking on purpose: closing a
 * blocking server channel releases the port before {@link #close()} returns, so a caller can
 * listen on the same address again at once (a selector would free it only at its next select).
 * Accepted connections are spread over the transport's selector loops.
 */
final class NioListener implements Listener {
    private static final Logger log = LoggerFactory.getLogger(NioListener.class);

    /** How long to back off after an accept error such as running out of file descriptors. */
    private static final long ACCEPT_ERROR_BACKOFF_MS = 100;

    /** Supplies the loop and id for each accepted connection. */
    interface Placement {
        SelectorLoop nextLoop();

        long nextConnectionId();
    }

    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;
    private final TransportOptions options;
    private final FrameHandler handler;
    private final Placement placement;
    private final Consumer<NioListener> onClosed;
    private final Duration joinTimeout;
    private final Thread acceptThread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Set<NioConnection> connections = new HashSet<>(); // guarded by this
    private boolean closed; // guarded by this

    NioListener(ServerSocketChannel server, TransportOptions options, FrameHandler handler, Placement placement,
            Consumer<NioListener> onClosed, Duration joinTimeout) throws IOException {
        this.server = server;
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
        this.options = options;
        this.handler = handler;
        this.placement = placement;
        this.onClosed = onClosed;
        this.joinTimeout = joinTimeout;
        this.acceptThread = new Thread(this::acceptLoop, "paddock-nio-accept-" + localAddress.getPort());
        this.acceptThread.setDaemon(true);
    }

    void start() {
        acceptThread.start();
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        List<NioConnection> accepted;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            accepted = new ArrayList<>(connections);
            connections.clear();
        }
        closing.countDown();
        try {
            server.close();
        } catch (IOException e) {
            log.warn("closing the listener on {} failed", localAddress, e);
        }
        if (Thread.currentThread() != acceptThread) {
            try {
                acceptThread.join(joinTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (acceptThread.isAlive()) {
                log.warn("{} did not stop within {} ms", acceptThread.getName(), joinTimeout.toMillis());
            }
        }
        accepted.forEach(NioConnection::abort);
        onClosed.accept(this);
        log.info("stopped listening on {}", localAddress);
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return; // closed, possibly while blocked in accept
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                log.warn("accept on {} failed; retrying in {} ms", localAddress, ACCEPT_ERROR_BACKOFF_MS, e);
                if (!backOff()) {
                    return;
                }
                continue;
            }
            hand(channel);
        }
    }

    /** Waits a little after an accept error; false if the listener closed meanwhile. */
    private boolean backOff() {
        try {
            return !closing.await(ACCEPT_ERROR_BACKOFF_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void hand(SocketChannel channel) {
        NioConnection connection;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = new NioConnection(placement.nextConnectionId(), channel, placement.nextLoop(), options,
                    handler, true, this::forget);
        } catch (IOException e) {
            // The peer went away between accept and here: nothing to tell the handler yet.
            log.debug("dropping a connection accepted on {}", localAddress, e);
            closeQuietly(channel);
            return;
        }
        if (!track(connection)) {
            closeQuietly(channel);
        } else if (!connection.start()) {
            forget(connection);
            closeQuietly(channel);
        }
    }

    private synchronized boolean track(NioConnection connection) {
        if (closed) {
            return false;
        }
        connections.add(connection);
        return true;
    }

    private synchronized void forget(NioConnection connection) {
        connections.remove(connection);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing an unregistered channel failed", e);
        }
    }
}
