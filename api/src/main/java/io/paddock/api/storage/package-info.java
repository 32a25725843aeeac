/**
 * The storage SPI: the transaction log and snapshot store a database persists through.
 *
 * <p>1.1: the quorum epochs ({@link io.paddock.api.storage.QuorumEpochs}, {@code
 * Storage.epochs()}); the tree digest a snapshot carries ({@link io.paddock.api.storage.ZxidDigest},
 * default {@code SnapshotData.digest()} and {@code SnapshotSink.digest(ZxidDigest)}); {@code
 * TxnLog.flush()} tells a failed sync ({@link java.io.SyncFailedException}) from a failed write;
 * {@code SnapshotStore.purge} returns the oldest snapshot it kept.
 *
 * <p>1.2: {@link io.paddock.api.storage.SnapshotStore#removeAfter(long)} removes, durably, the
 * snapshots newer than a zxid, for a follower whose leader cut its log there (TRUNC). It is
 * abstract, as no backend-independent way to remove a snapshot exists; {@code SnapshotStore} is
 * now a provider type, so backends import this package at its minor version.
 */
@Export
@Version("1.2.0")
package io.paddock.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
