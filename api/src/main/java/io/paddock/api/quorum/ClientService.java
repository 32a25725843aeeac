package io.paddock.api.quorum;

/**
 * The server's client port as a quorum role opens and closes it, implemented by the server. A
 * peer serves clients only while its role is synced with a leader that has a quorum; in between
 * clients are refused and reconnect elsewhere, keeping their sessions.
 */
public interface ClientService {
    /**
     * Serves clients as the leader of {@code epoch}: their writes go through the prep stage, which
     * numbers them from the epoch's first zxid on and hands each txn to {@code proposer}. Returns
     * the gate the leader's learner handlers pass their learners' traffic through.
     */
    LeaderGate serveAsLeader(long epoch, Proposer proposer);

    /**
     * Serves clients as a follower ({@code observer} false) or observer: reads are answered
     * locally, in order with the session's writes, and writes, syncs and new or moved sessions
     * go to {@code forwarder}. Returns the gate for what the leader answers.
     */
    LearnerGate serveAsLearner(boolean observer, Forwarder forwarder);

    /**
     * Stops serving: every client connection closes (clients reconnect, here or elsewhere, and
     * keep their sessions) and requests still waiting for the role are dropped. The database and
     * the log stay as they are for the next role.
     */
    void stopServing();
}
