/**
 * The transport SPI: framed byte connections for the client port and the quorum links.
 *
 * <p>1.1: {@link io.paddock.api.transport.FrameHandler} may ask for bytes that follow the
 * preamble word ({@code preambleTrailerLength}, {@code onPreamble} with a trailer), for
 * four-letter words with an argument such as {@code stmk}. Both are default methods; 1.0
 * handlers and transports keep working.
 *
 * <p>1.2: optional TLS. {@link io.paddock.api.transport.TransportOptions} gains a
 * {@link io.paddock.api.transport.TransportOptions.Tls} component (the two-argument constructor
 * and {@code defaults()} stay plaintext), and {@link io.paddock.api.transport.Connection} a
 * default {@code peerCertificates()}. A transport without TLS refuses TLS options with
 * {@link java.lang.UnsupportedOperationException}.
 *
 * <p>1.3: unframed connections ({@link io.paddock.api.transport.TransportOptions#rawStream()}),
 * for the quorum and election ports, whose protocols are not length-prefixed. The three-argument
 * constructor of {@code TransportOptions} stays, framed.
 */
@Export
@Version("1.3.0")
package io.paddock.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
