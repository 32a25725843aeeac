package io.paddock.api.quorum;

import io.paddock.api.proto.Id;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The learner role as its server sees it: what the server cannot decide alone goes to the leader
 * (protocol.md section 17). Calls come from the server's threads and must not block.
 */
public interface Forwarder {
    /**
     * Forwards a client's write, {@code sync} or {@code createSession} as a REQUEST: the session,
     * the client's cxid and op code, the request's bytes after its header, and the client's
     * identities. Its txn comes back through {@link Replica#commit} (a sync through
     * {@link LearnerGate#syncDone}).
     */
    void forward(long sessionId, int cxid, int type, ByteBuffer request, List<Id> authIds);

    /**
     * Asks the leader whether a session a client reconnects with is still alive, making this
     * server its owner (REVALIDATE); the answer comes through {@link LearnerGate#revalidated}.
     */
    void revalidate(long sessionId, int timeout);
}
