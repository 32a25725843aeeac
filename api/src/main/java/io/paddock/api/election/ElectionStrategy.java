package io.paddock.api.election;

import io.paddock.api.quorum.QuorumView;

/**
 * A way of electing a leader, registered as a service with the property
 * {@code paddock.election=<name>} (ZooKeeper's only one, fast leader election, is {@code fle}).
 * The quorum peer owns the election connections and the clock; the strategy is a state machine
 * it feeds.
 */
public interface ElectionStrategy {
    /**
     * A new election state machine for one peer. It lives as long as the peer: it keeps its
     * round between elections, and answers peers that are looking while this one is not.
     */
    Election create(QuorumView quorum, Outbox outbox);
}
