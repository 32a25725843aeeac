/** Leader election: a peer's state, its vote, and the strategy that elects (protocol.md section 17). */
@Export
@Version("1.1.0")
package io.paddock.api.election;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
