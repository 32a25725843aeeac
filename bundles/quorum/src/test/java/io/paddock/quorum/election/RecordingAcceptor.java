package io.paddock.quorum.election;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hand-driven peer's listener in tests: a {@link RecordingStream} per accepted connection, in order. */
final class RecordingAcceptor implements FrameHandler {
    final List<RecordingStream> accepted = new CopyOnWriteArrayList<>();
    private final Map<Connection, RecordingStream> streams = new ConcurrentHashMap<>();

    @Override
    public void onOpen(Connection connection) {
        RecordingStream stream = new RecordingStream();
        streams.put(connection, stream);
        accepted.add(stream);
        stream.onOpen(connection);
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer chunk) {
        streams.get(connection).onFrame(connection, chunk);
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
        streams.get(connection).onClose(connection, cause);
    }

    RecordingStream last() {
        return accepted.get(accepted.size() - 1);
    }
}
