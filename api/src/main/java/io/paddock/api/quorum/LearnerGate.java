package io.paddock.api.quorum;

import java.util.Map;

/** What the leader answers a learner's server, passed on by the learner role. */
public interface LearnerGate {
    /** The leader answered the oldest forwarded sync (SYNC): the client's sync completes. */
    void syncDone();

    /** The leader's answer to {@link Forwarder#revalidate}. */
    void revalidated(long sessionId, boolean valid);

    /**
     * The sessions (id to timeout) that sent anything since the last call, which the learner
     * reports in its PING reply so the leader keeps them alive; the set starts empty again.
     */
    Map<Long, Integer> drainTouchedSessions();
}
