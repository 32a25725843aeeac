package io.paddock.api.quorum;

import io.paddock.api.proto.Id;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The leader's server as its learner handlers see it: learners' requests and session traffic
 * enter here. A learner link is a session's owner; a request of a session whose owner is another
 * link is answered with SessionMoved (protocol.md section 14).
 */
public interface LeaderGate {
    /**
     * A REQUEST from a learner: it goes through prep like a local client's request. A sync is
     * answered through {@code origin} once every txn prepared before it is committed.
     */
    void submit(long sessionId, int cxid, int type, ByteBuffer request, List<Id> authIds, RequestOrigin origin);

    /** REVALIDATE: true if the session is alive, which then moves to {@code origin}. */
    boolean revalidate(long sessionId, int timeout, RequestOrigin origin);

    /** A learner's PING reported the session active: its expiry moves on. */
    void touch(long sessionId, int timeout);
}
