package io.paddock.api.election;

import java.nio.ByteBuffer;

/** Where an {@link Election} puts the messages it wants sent; the peer owns the connections. */
@FunctionalInterface
public interface Outbox {
    /**
     * Queues {@code message} for peer {@code sid} (the peer may be this one: a message to
     * oneself is delivered back through {@link Election#receive}). Sending may fail silently:
     * elections tolerate lost messages.
     */
    void send(long sid, ByteBuffer message);
}
