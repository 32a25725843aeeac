/** The transport SPI: framed byte connections for the client port and the quorum links. */
@Export
@Version("1.0.0")
package io.paddock.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
