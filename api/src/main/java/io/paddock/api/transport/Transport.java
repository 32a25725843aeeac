package io.paddock.api.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Moves length-prefixed frames (a 4-byte big-endian length, then that many bytes) over TCP,
 * or, with {@link TransportOptions#rawStream()}, bytes as they come. A transport knows frames
 * and their size limit, never what is inside them; the same SPI serves the client port and the
 * quorum links. Providers register with
 * {@value #PROPERTY} naming them ({@code nio}, {@code netty}).
 */
public interface Transport {
    /** Service property that names a provider. */
    String PROPERTY = "paddock.transport";

    /** The provider's name, the value of {@value #PROPERTY}. */
    String name();

    /**
     * Accepts connections on an address; each gets its own {@link Connection} and events on
     * the handler. Fails with {@link java.net.BindException} when the address is taken, and
     * with {@link UnsupportedOperationException} when the options ask for TLS of a transport that
     * has none.
     */
    Listener listen(InetSocketAddress address, TransportOptions options, FrameHandler handler) throws IOException;

    /**
     * Opens a connection to a peer, waiting at most {@code timeout} for it to be established
     * (with TLS, for the handshake too). Fails with {@link UnsupportedOperationException} when
     * the options ask for TLS of a transport that has none.
     */
    Connection connect(InetSocketAddress address, TransportOptions options, FrameHandler handler, Duration timeout)
            throws IOException;
}
