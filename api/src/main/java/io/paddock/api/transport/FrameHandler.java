package io.paddock.api.transport;

import java.nio.ByteBuffer;

/**
 * Receives a connection's events, on a transport thread: handlers must not block. Events of
 * one connection arrive one at a time and in order.
 *
 * <h2>The preamble</h2>
 * The first four bytes of a connection accepted by a listener are offered to the handler
 * before they are taken as a frame length. This is how ZooKeeper's four-letter words share the
 * client port (protocol.md sections 2 and 15). Some words carry an argument after them (ZooKeeper's
 * {@code stmk} is followed by an 8-byte mask), so a transport of this package's version 1.1 or
 * later offers the preamble in two steps:
 * <ol>
 * <li>{@link #preambleTrailerLength(int)} with the word: how many more bytes the handler needs to
 * see, between 0 and {@link #MAX_PREAMBLE_TRAILER};</li>
 * <li>once that many bytes have arrived after the word,
 * {@link #onPreamble(Connection, int, ByteBuffer)} with the word and exactly those bytes.</li>
 * </ol>
 * If the peer closes before the trailer is complete, the transport calls {@link #onClose} and
 * not {@code onPreamble}. A length outside the allowed range is a handler bug: the transport
 * closes the connection with an {@link IllegalArgumentException} as the cause. Connections opened
 * by {@link Transport#connect} are never offered a preamble.
 *
 * <p>On a TLS listener (since 1.2) the handler sees only what is inside TLS: {@link #onOpen} comes
 * once the handshake has succeeded (a peer that fails it is never announced), and the preamble is
 * the first four decrypted bytes. This is what ZooKeeper does: its Netty server checks for a
 * four-letter word on the decrypted stream, and {@code FourLetterWordMain} has a secure mode
 * that sends the word over TLS.
 *
 * <p>A 1.0 transport calls only {@link #onPreamble(Connection, int)}, with no trailer; a handler
 * that asks for a trailer must cope with not getting one there. The defaults make a handler
 * written for either version work with a transport of either version.
 */
public interface FrameHandler {
    /**
     * The largest trailer a handler may ask for; every transport supports it.
     *
     * @since 1.1
     */
    int MAX_PREAMBLE_TRAILER = 64;

    void onOpen(Connection connection);

    /**
     * The first four bytes of a connection accepted by a listener, before they are taken as
     * a frame length. Returning true claims them (the handler answers with
     * {@link Connection#sendRaw} and closes); false lets framing go on. Called by 1.0
     * transports, and by the default {@link #onPreamble(Connection, int, ByteBuffer)}.
     */
    default boolean onPreamble(Connection connection, int firstWord) {
        return false;
    }

    /**
     * How many bytes after the preamble word the handler needs before it can decide on it; 0
     * (the default) for none. Called once per accepted connection, just before the
     * three-argument {@code onPreamble}.
     *
     * @return a length in [0, {@link #MAX_PREAMBLE_TRAILER}]
     * @since 1.1
     */
    default int preambleTrailerLength(int firstWord) {
        return 0;
    }

    /**
     * The preamble word with the trailer asked for by {@link #preambleTrailerLength(int)}.
     * {@code trailer} is read-only and holds exactly that many bytes; it belongs to the transport
     * and is valid only during the call (copy what you keep). Returning true claims the word and
     * the trailer (the handler answers with {@link Connection#sendRaw} and closes); false leaves
     * both in place as the start of the first frame, so a declined word costs nothing. The
     * default ignores the trailer and asks {@link #onPreamble(Connection, int)}.
     *
     * @since 1.1
     */
    default boolean onPreamble(Connection connection, int firstWord, ByteBuffer trailer) {
        return onPreamble(connection, firstWord);
    }

    /** One frame's payload, without its length prefix. The handler owns the buffer. */
    void onFrame(Connection connection, ByteBuffer payload);

    /**
     * The connection is closed, by either side. {@code cause} is null for an orderly close,
     * a {@link FrameTooLargeException} for a refused length, or the I/O error.
     */
    void onClose(Connection connection, Throwable cause);
}
