package io.paddock.quorum.link;

import io.paddock.api.proto.Acl;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import io.paddock.quorum.wire.QuorumPacket;
import java.util.List;

/**
 * What the quorum link carries, in the order it arrives: packets, and after a SNAP packet the
 * parts of the snapshot that follows it (bundles/quorum/SNAP-STREAM.md), closed by
 * {@link SnapshotEnd} once the signature has been checked.
 */
public sealed interface LinkItem {
    /** One quorum packet. */
    record Packet(QuorumPacket packet) implements LinkItem {
    }

    /** A part of the snapshot after SNAP, in the order a {@link SnapshotSink} takes them. */
    sealed interface SnapshotPart extends LinkItem {
        /** Hands this part to {@code sink}. */
        void into(SnapshotSink sink);
    }

    /** A global session and its negotiated timeout. */
    record Session(long sessionId, int timeout) implements SnapshotPart {
        @Override
        public void into(SnapshotSink sink) {
            sink.session(sessionId, timeout);
        }
    }

    /** An entry of the leader's ACL cache. */
    record AclEntry(long ref, List<Acl> acl) implements SnapshotPart {
        public AclEntry {
            acl = List.copyOf(acl);
        }

        @Override
        public void into(SnapshotSink sink) {
            sink.acl(ref, acl);
        }
    }

    /** A node, the root (path "") first and every node after the ones the leader wrote before it. */
    record Node(SnapshotNode node) implements SnapshotPart {
        @Override
        public void into(SnapshotSink sink) {
            sink.node(node);
        }
    }

    /**
     * The snapshot ended with the "/" marker and its "BenWasHere" signature; packets follow again.
     * The counts are what the snapshot held, for the log.
     */
    record SnapshotEnd(long sessions, long aclEntries, long nodes) implements LinkItem {
    }
}
