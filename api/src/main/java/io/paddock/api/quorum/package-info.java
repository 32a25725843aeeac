/**
 * A quorum's membership as the election and the roles see it (protocol.md section 17), and, since
 * 1.1, the seam between the quorum peer, its roles and the server: a {@link
 * io.paddock.api.quorum.RoleFactory} starts the leader, follower or observer with a {@link
 * io.paddock.api.quorum.RoleContext}; the role drives the server through {@link
 * io.paddock.api.quorum.Replica} (log, commit, snapshots) and {@link
 * io.paddock.api.quorum.ClientService} (serving clients), and the server
 * reaches the role through {@link io.paddock.api.quorum.Proposer} (leader) or {@link
 * io.paddock.api.quorum.Forwarder} (learners).
 */
@Export
@Version("1.1.0")
package io.paddock.api.quorum;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
