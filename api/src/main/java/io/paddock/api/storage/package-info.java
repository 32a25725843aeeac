/** The storage SPI: the transaction log and snapshot store a database persists through. */
@Export
@Version("1.1.0")
package io.paddock.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
