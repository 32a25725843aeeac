package io.paddock.api.quorum;

/** A learner's link as the leader's server sees it: the owner of sessions, and where syncs are answered. */
public interface RequestOrigin {
    /** Every proposal before the learner's forwarded sync is committed: send it SYNC. */
    void syncDone();
}
