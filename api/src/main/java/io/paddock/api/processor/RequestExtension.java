package io.paddock.api.processor;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Behaviour added to the server's request pipeline. Register an implementation as an OSGi
 * service; the server picks it up and drops it while running. Extensions run in the order of
 * their {@code service.ranking} (highest first) at each of three points of a client request's
 * way: requests of the server itself (session expiry, container reaping), handshakes, pings,
 * auth and SetWatches are not shown.
 *
 * <p>An extension may look, annotate ({@link ClientRequest#attributes()}) or reject: a rejected
 * request is answered with the given ZooKeeper error code, still in order with the connection's
 * other requests, and goes no further. It cannot change or reorder requests. An exception thrown
 * by an extension is logged and the request goes on as if it had passed.
 */
@ConsumerType
public interface RequestExtension {
    /** The verdict that lets a request go on. */
    int PASS = 0;

    /**
     * On receipt, on the connection's network thread, before the request is queued: different
     * connections call this concurrently. Must not block.
     *
     * @return {@link #PASS}, or a ZooKeeper error code (negative, for example {@code Code.THROTTLEDOP})
     *         to answer the request with
     */
    default int received(ClientRequest request) {
        return PASS;
    }

    /**
     * Before prep, on the one thread that prepares requests, in the order they will be applied;
     * a write has no zxid yet. Must not block: every request waits for it.
     *
     * @return {@link #PASS}, or a ZooKeeper error code to answer the request with
     */
    default int beforePrep(ClientRequest request) {
        return PASS;
    }

    /**
     * Once the reply has gone out: a write applied (or failed), a read answered. On the one thread
     * that applies txns, in zxid order; must not block.
     */
    default void completed(CompletedRequest request) {
    }
}
