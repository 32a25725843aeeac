package io.paddock.quorum.election;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The handler of the election listener: a listener has one handler for all the connections it
 * accepts, so this one gives each its own {@link ElectionConnection}, which keeps that
 * connection's reading state.
 */
final class AcceptedConnections implements FrameHandler {
    private final Supplier<ElectionConnection> factory;
    private final Map<Connection, ElectionConnection> byConnection = new ConcurrentHashMap<>();

    AcceptedConnections(Supplier<ElectionConnection> factory) {
        this.factory = factory;
    }

    @Override
    public void onOpen(Connection connection) {
        ElectionConnection c = factory.get();
        byConnection.put(connection, c);
        c.onOpen(connection);
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer chunk) {
        ElectionConnection c = byConnection.get(connection);
        if (c != null) {
            c.onFrame(connection, chunk);
        }
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
        ElectionConnection c = byConnection.remove(connection);
        if (c != null) {
            c.onClose(connection, cause);
        }
    }
}
