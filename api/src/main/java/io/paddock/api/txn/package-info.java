/** The transaction model written to the txn log and replicated between servers (protocol.md section 16.3). */
@Export
@Version("1.0.0")
package io.paddock.api.txn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
