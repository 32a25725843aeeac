package io.paddock.server.watch;

/** Receives watch notifications; in practice a client connection. */
public interface Watcher {
    /**
     * A change fired one of this watcher's watches. {@code zxid} is the triggering txn's zxid,
     * or -1 for catch-up events after a reconnect (protocol.md section 4).
     */
    void notify(int eventType, String path, long zxid);
}
