package io.paddock.election.fle;

import io.paddock.api.election.Election;
import io.paddock.api.election.ElectionStrategy;
import io.paddock.api.election.Outbox;
import io.paddock.api.quorum.QuorumView;
import org.osgi.service.component.annotations.Component;

/**
 * ZooKeeper's fast leader election, the only strategy ZooKeeper 3.9 still has
 * ({@code electionAlg=3}).
 */
@Component(property = "paddock.election=fle")
public final class FastLeaderElectionStrategy implements ElectionStrategy {
    @Override
    public Election create(QuorumView quorum, Outbox outbox) {
        // QuorumView knows majority quorums only, where ZooKeeper weighs every sid 1.
        return new FastLeaderElection(quorum, outbox, VoteOrder.majority());
    }
}
