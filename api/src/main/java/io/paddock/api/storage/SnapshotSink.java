package io.paddock.api.storage;

import io.paddock.api.proto.Acl;
import java.util.List;

/**
 * Receives a snapshot as it is loaded: sessions, then ACL cache entries, then nodes parent-first,
 * then its digest if it has one.
 */
public interface SnapshotSink {
    void session(long sessionId, int timeout);

    void acl(long ref, List<Acl> acl);

    void node(SnapshotNode node);

    /** The snapshot's tree digest, after its nodes, if it carries one. */
    default void digest(ZxidDigest digest) {
    }
}
