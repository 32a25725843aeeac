/** ZooKeeper's client wire model: records, codes and the jute codec (protocol.md sections 1-12). */
@Export
@Version("1.2.0")
package io.paddock.api.proto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
