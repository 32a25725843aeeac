/**
 * Extending the server's request pipeline: a {@link io.paddock.api.processor.RequestExtension}
 * registered as a service sees every client request on receipt, before prep and once completed,
 * and may annotate or reject it, never reorder it.
 */
@Export
@Version("1.0.0")
package io.paddock.api.processor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
