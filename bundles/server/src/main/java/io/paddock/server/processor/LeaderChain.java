package io.paddock.server.processor;

import io.paddock.api.quorum.Proposer;
import io.paddock.api.txn.Zxid;
import io.paddock.server.db.Database;

/**
 * The leader's chain, as ZooKeeper's LeaderZooKeeperServer sets it up: prep numbers each write
 * from the epoch's first zxid on; the proposal step puts the request in the commit stage and
 * hands its txn to the leader role, which logs it through the replica's sync stage (its own ack)
 * and commits it once a quorum has it; the commit stage then lets the request on to final. A
 * learner's forwarded requests enter at prep like local ones.
 */
public final class LeaderChain implements RequestChain {
    private final PrepRequestProcessor prep;
    private final CommitStage commits;
    private final ReplicaPipeline replica;

    public LeaderChain(ReplicaPipeline replica, long epoch, Proposer proposer, boolean extendedTypes,
                       boolean enforceQuota) {
        this.replica = replica;
        Database db = replica.db();
        commits = new CommitStage(replica.finalStage());
        RequestProcessor proposal = new RequestProcessor() {
            @Override
            public void processRequest(Request r) {
                commits.request(r);
                if (r.txn() != null) {
                    proposer.propose(r.txn());
                }
            }

            @Override
            public void shutdown() {
            }
        };
        PendingChanges pending = replica.pendingChanges();
        long first = Zxid.of(epoch, 0);
        pending.discardAfter(db.lastProcessedZxid());
        prep = new PrepRequestProcessor(proposal, replica.finalStage(), pending, db.sessions(), first,
                extendedTypes, enforceQuota, db::tree, System::currentTimeMillis, new LogFence(), replica.extensions());
        replica.serveThrough(commits);
        prep.start();
    }

    /** A local client's request, as it arrives: request extensions see it received. */
    @Override
    public void submit(Request r) {
        replica.stats().submitted();
        prep.processRequest(replica.extensions().received(r));
    }

    /** A learner's request: its server's extensions saw it received already. */
    public void submitForwarded(Request r) {
        replica.stats().submitted();
        prep.processRequest(r);
    }

    /** Learners' syncs waiting for the proposals before them. */
    public int pendingSyncs() {
        return commits.forwardedSyncs();
    }

    /** Stops prep after what it holds, and drops what waits for commits. */
    public void shutdown() {
        prep.shutdown();
        replica.serveThrough(null);
    }
}
