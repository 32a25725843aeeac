package io.paddock.api.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One TCP connection. Every method is thread-safe and non-blocking: sends are queued and
 * written by the transport, several queued frames going out in one gathering write.
 */
public interface Connection {
    /** A number unique among this transport's connections, for logs and stats. */
    long id();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** Queues one frame; the transport writes the 4-byte length prefix before the payload. */
    void sendFrame(ByteBuffer payload);

    /** Queues bytes to be written as they are, with no length prefix (four-letter-word replies). */
    void sendRaw(ByteBuffer bytes);

    /** Stops delivering frames, including ones already read, until {@link #resumeReading()}. */
    void pauseReading();

    void resumeReading();

    /** Closes once everything queued so far has been written. */
    void close();

    /** Closes now, dropping anything still queued. */
    void abort();

    boolean isOpen();

    /** Bytes queued and not yet written: a measure of a slow reader. */
    long queuedBytes();

    /**
     * The certificate chain the peer presented and this side's trust managers verified, the
     * peer's own certificate first; empty for a plaintext connection or a TLS peer that presented
     * none (client auth {@code NONE} or {@code WANT}). A TLS connection is handed to its handler
     * only once the handshake has succeeded, so the chain is final from
     * {@link FrameHandler#onOpen} on.
     *
     * @since 1.2
     */
    default List<X509Certificate> peerCertificates() {
        return List.of();
    }
}
