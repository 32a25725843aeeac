package io.paddock.api.storage;

import io.paddock.api.proto.Acl;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What a database hands a snapshot store to write. */
public interface SnapshotData {
    /** Live sessions: id to negotiated timeout. */
    Map<Long, Integer> sessions();

    /** The ACL cache: reference to ACL list. Reference -1 (open ACL) has no entry. */
    Map<Long, List<Acl>> acls();

    /** Visits every node, each parent before its children, the root first with path "". */
    void forEachNode(Consumer<SnapshotNode> visitor);

    /**
     * Asked once every node has been visited: the tree digest at the last txn applied by then,
     * or null if the database keeps none. A fuzzy snapshot's digest belongs to that later zxid,
     * not to the snapshot's own.
     */
    default ZxidDigest digest() {
        return null;
    }
}
