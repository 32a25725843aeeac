/** Leader election's contracts: a peer's state and its vote (protocol.md section 17). */
@Export
@Version("1.0.0")
package io.paddock.api.election;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
