package io.paddock.quorum.role;

import io.paddock.api.quorum.Replica;
import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.txn.Zxid;
import java.io.IOException;

/**
 * The epochs a role starts from. A data directory without the epoch files (one ZooKeeper
 * standalone wrote, or a new one) takes them from its last logged zxid, as ZooKeeper's
 * {@code QuorumPeer.loadDataBase} does.
 */
record Epochs(long accepted, long current) {
    static Epochs of(Replica replica) throws IOException {
        QuorumEpochs stored = replica.epochs();
        long fallback = Zxid.epoch(replica.lastLoggedZxid());
        long current = stored.current() == QuorumEpochs.NONE ? fallback : stored.current();
        long accepted = stored.accepted() == QuorumEpochs.NONE ? current : stored.accepted();
        return new Epochs(accepted, current);
    }
}
