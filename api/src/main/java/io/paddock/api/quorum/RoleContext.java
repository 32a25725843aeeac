package io.paddock.api.quorum;

import io.paddock.api.election.Vote;
import io.paddock.api.transport.Transport;
import java.net.InetSocketAddress;

/** What the quorum peer gives the role it starts. */
public interface RoleContext {
    QuorumView quorum();

    /** The vote the election ended with: the leader's sid, and this peer's state in the new term. */
    Vote decision();

    /** Where peer {@code sid} takes learners (its quorum port), as the configuration says. */
    InetSocketAddress quorumAddress(long sid);

    /**
     * The transport of the quorum links: the client port's, so that swapping the transport swaps
     * both. Links are unframed ({@link io.paddock.api.transport.TransportOptions#rawStream()}),
     * as ZooKeeper's quorum packets carry no length prefix.
     */
    Transport transport();

    QuorumTiming timing();

    /** The server's database, which the role replicates into. */
    Replica replica();

    /** The server's client port, which the role opens once it serves. */
    ClientService clients();

    /**
     * The role serves clients in {@code epoch}: a leader with a quorum synced, a learner that got
     * UPTODATE. From now on the election reports this epoch to peers that look (ZooKeeper's
     * {@code updateElectionVote}, ZOOKEEPER-1732).
     */
    void serving(long epoch);

    /** The role is over and the peer looks for a leader again; called at most once. */
    void ended(String reason);
}
