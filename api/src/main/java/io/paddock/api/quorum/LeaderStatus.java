package io.paddock.api.quorum;

/**
 * What a leader reports of its term, as ZooKeeper's {@code mntr} and {@code srvr} show it.
 * Proposal sizes are the bytes of the serialised txns proposed, -1 before the first.
 *
 * @param learners         learners connected, synced or not
 * @param syncedFollowers  followers synced (acking proposals)
 * @param syncedObservers  observers synced
 * @param uptimeMillis     how long this leader has served
 */
public record LeaderStatus(int learners, int syncedFollowers, int syncedObservers,
                           long uptimeMillis, long lastProposalSize, long minProposalSize, long maxProposalSize) {
}
