package io.paddock.server.watch;

import io.paddock.api.proto.Acl;
import java.util.List;

/** Receives watch notifications; in practice a client connection. */
public interface Watcher {
    /**
     * A change fired one of this watcher's watches. {@code zxid} is the triggering txn's zxid,
     * or -1 for catch-up events after a reconnect (protocol.md section 4).
     */
    void notify(int eventType, String path, long zxid);

    /** May this watcher hear of changes to a node with this ACL? Delivery needs READ. */
    default boolean mayRead(List<Acl> acl) {
        return true;
    }
}
