package io.paddock.election.fle;

import io.paddock.api.election.Vote;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * ZooKeeper's {@code FastLeaderElection.totalOrderPredicate} (protocol.md section 17): a
 * candidate beats the current vote on a higher peerEpoch, then a higher zxid, then a higher
 * leader sid. A candidate whose quorum weight is 0 never wins. Note ZooKeeper's majority
 * quorums give every sid weight 1, observers included; only hierarchical quorums have
 * weight-0 members, so {@code weightOf} comes from the quorum configuration in use.
 */
public record VoteOrder(LongUnaryOperator weightOf) {
    public VoteOrder {
        Objects.requireNonNull(weightOf, "weightOf");
    }

    /** Majority quorums: every sid weighs 1. */
    public static VoteOrder majority() {
        return new VoteOrder(sid -> 1);
    }

    public boolean beats(Vote candidate, Vote current) {
        if (weightOf.applyAsLong(candidate.leader()) == 0) {
            return false;
        }
        if (candidate.peerEpoch() != current.peerEpoch()) {
            return candidate.peerEpoch() > current.peerEpoch();
        }
        if (candidate.zxid() != current.zxid()) {
            return candidate.zxid() > current.zxid();
        }
        return candidate.leader() > current.leader();
    }
}
