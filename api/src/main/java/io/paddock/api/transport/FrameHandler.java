package io.paddock.api.transport;

import java.nio.ByteBuffer;

/**
 * Receives a connection's events, on a transport thread: handlers must not block. Events of
 * one connection arrive one at a time and in order.
 */
public interface FrameHandler {
    void onOpen(Connection connection);

    /**
     * The first four bytes of a connection accepted by a listener, before they are taken as
     * a frame length. Returning true claims them (the handler answers with
     * {@link Connection#sendRaw} and closes); false lets framing go on. This is how
     * ZooKeeper's four-letter words share the client port (protocol.md section 2).
     */
    default boolean onPreamble(Connection connection, int firstWord) {
        return false;
    }

    /** One frame's payload, without its length prefix. The handler owns the buffer. */
    void onFrame(Connection connection, ByteBuffer payload);

    /**
     * The connection is closed, by either side. {@code cause} is null for an orderly close,
     * a {@link FrameTooLargeException} for a refused length, or the I/O error.
     */
    void onClose(Connection connection, Throwable cause);
}
