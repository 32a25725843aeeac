package io.paddock.transport.netty;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.paddock.api.transport.Listener;

/** A bound server channel and the connections it accepted; closing it closes them all. */
final class NettyListener implements Listener {
    private static final Logger log = LoggerFactory.getLogger(NettyListener.class);

    private final Channel serverChannel;
    private final InetSocketAddress localAddress;
    private final Consumer<NettyListener> onClosed;
    private final Duration closeTimeout;
    private final Set<NettyConnection> connections = new HashSet<>(); // guarded by this
    private boolean closed; // guarded by this

    NettyListener(Channel serverChannel, Consumer<NettyListener> onClosed, Duration closeTimeout) {
        this.serverChannel = serverChannel;
        this.localAddress = (InetSocketAddress) serverChannel.localAddress();
        this.onClosed = onClosed;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Tracks an accepted connection; false if the listener is closed and it must not open. */
    synchronized boolean adopt(NettyConnection connection) {
        if (closed) {
            return false;
        }
        connections.add(connection);
        return true;
    }

    synchronized void forget(NettyConnection connection) {
        connections.remove(connection);
    }

    @Override
    public void close() {
        List<NettyConnection> accepted;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            accepted = new ArrayList<>(connections);
            connections.clear();
        }
        // Waiting frees the port before close returns, so the address can be bound again at once;
        // an event loop thread cannot wait for its own task.
        var closing = serverChannel.close();
        if (!serverChannel.eventLoop().inEventLoop() && !closing.awaitUninterruptibly(closeTimeout.toMillis())) {
            log.warn("closing the listener on {} took more than {} ms", localAddress, closeTimeout.toMillis());
        }
        accepted.forEach(NettyConnection::abort);
        onClosed.accept(this);
        log.info("stopped listening on {}", localAddress);
    }

    @Override
    public String toString() {
        return "listener on " + localAddress;
    }
}
