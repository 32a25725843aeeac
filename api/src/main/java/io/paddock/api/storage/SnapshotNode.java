package io.paddock.api.storage;

import io.paddock.api.proto.StatPersisted;

/**
 * One node as a snapshot holds it: path ("" for the root), data (null if created with null),
 * ACL cache reference and stored stat (stored cversion, encoded ephemeralOwner).
 */
public record SnapshotNode(String path, byte[] data, long aclRef, StatPersisted stat) {
}
