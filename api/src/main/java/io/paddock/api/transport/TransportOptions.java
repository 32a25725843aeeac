package io.paddock.api.transport;

import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * Limits for a listener or connection, whether it speaks TLS, and whether it is framed. A frame
 * whose length is negative or above {@code maxFrameLength} closes the connection (protocol.md
 * section 2).
 *
 * @param maxFrameLength the largest payload accepted, not counting the 4-byte length itself
 * @param backlog        the accept backlog of a listener (0 for the platform default)
 * @param tls            TLS for every connection of the listener, or for the connection opened
 *                       by {@link Transport#connect}; null for plaintext. A transport that cannot
 *                       do TLS throws {@link UnsupportedOperationException} when asked to.
 *                       (since 1.2)
 * @param rawStream      false (the default): 4-byte length-prefixed frames, as the client port
 *                       speaks. True: no framing at all, for protocols that frame their own
 *                       messages, as ZooKeeper's quorum and election ports do (protocol.md
 *                       section 17). {@link FrameHandler#onFrame} then gets the bytes in the
 *                       order they arrived, cut into chunks of any size from 1 to
 *                       {@code maxFrameLength} bytes wherever the transport likes, no preamble is
 *                       offered, and only {@link Connection#sendRaw} sends ({@link
 *                       Connection#sendFrame} still prefixes a length, which such a protocol may
 *                       want). Pausing and resuming reading work as for frames. (since 1.3)
 */
public record TransportOptions(int maxFrameLength, int backlog, Tls tls, boolean rawStream) {
    /** ZooKeeper's default {@code jute.maxbuffer}. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 0xfffff;

    public TransportOptions {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
    }

    /** Plaintext options, as in version 1.0 and 1.1 of this package. */
    public TransportOptions(int maxFrameLength, int backlog) {
        this(maxFrameLength, backlog, null);
    }

    /** Framed options, as in version 1.2 of this package. */
    public TransportOptions(int maxFrameLength, int backlog, Tls tls) {
        this(maxFrameLength, backlog, tls, false);
    }

    public static TransportOptions defaults() {
        return new TransportOptions(DEFAULT_MAX_FRAME_LENGTH, 0);
    }

    /**
     * These options with TLS on ({@code tls} not null) or off (null).
     *
     * @since 1.2
     */
    public TransportOptions withTls(Tls tls) {
        return new TransportOptions(maxFrameLength, backlog, tls, rawStream);
    }

    /**
     * These options as an unframed byte stream; {@code maxFrameLength} then bounds the chunks
     * handed to {@link FrameHandler#onFrame}.
     *
     * @since 1.3
     */
    public TransportOptions asRawStream() {
        return new TransportOptions(maxFrameLength, backlog, tls, true);
    }

    /** @since 1.2 */
    public boolean isTls() {
        return tls != null;
    }

    /**
     * Whether a TLS listener asks accepted peers for a certificate (ZooKeeper's
     * {@code ssl.clientAuth}: {@code none}, {@code want}, {@code need}). A certificate a peer
     * presents is verified by the {@link SSLContext}'s trust managers either way.
     *
     * @since 1.2
     */
    public enum ClientAuth {
        /** Does not ask for one. */
        NONE,
        /** Asks; a peer without one is still accepted. */
        WANT,
        /** Asks; a peer without a valid one fails the handshake. */
        NEED
    }

    /**
     * TLS settings. The {@link SSLContext} carries the key material (its key managers choose the
     * certificate this side presents) and the trust material (its trust managers verify the
     * peer's); the transport only creates engines from it, so one context may serve many
     * listeners and connections.
     *
     * @param context      creates the engines; initialised by the caller
     * @param clientAuth   what a listener asks of its peers; ignored by {@link Transport#connect},
     *                     which presents a certificate whenever the peer asks and the key managers
     *                     have one
     * @param protocols    the enabled protocols (e.g. {@code TLSv1.3}); empty for the context's
     *                     defaults
     * @param cipherSuites the enabled cipher suites; empty for the context's defaults
     * @since 1.2
     */
    public record Tls(SSLContext context, ClientAuth clientAuth, List<String> protocols, List<String> cipherSuites) {
        public Tls {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(clientAuth, "clientAuth");
            protocols = List.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }

        /** The context's default protocols and cipher suites. */
        public Tls(SSLContext context, ClientAuth clientAuth) {
            this(context, clientAuth, List.of(), List.of());
        }
    }
}
