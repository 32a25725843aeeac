/** A quorum's membership as the election and the roles see it (protocol.md section 17). */
@Export
@Version("1.0.0")
package io.paddock.api.quorum;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
