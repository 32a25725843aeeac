package io.paddock.quorum.role;

import io.paddock.api.quorum.Replica;
import io.paddock.api.txn.TxnCodec;
import io.paddock.quorum.zab.ZabAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongConsumer;

/**
 * Carries out the actions both roles' protocols ask of the replica: epochs on disk, txns logged
 * (each durable zxid reported back through {@code durable}) and committed. Returns false for an
 * action that is not the replica's, which the role then carries out itself.
 */
final class ReplicaActions {
    private final Replica replica;
    private final LongConsumer durable;

    ReplicaActions(Replica replica, LongConsumer durable) {
        this.replica = replica;
        this.durable = durable;
    }

    boolean run(ZabAction action) {
        try {
            if (action instanceof ZabAction.PersistAcceptedEpoch a) {
                replica.epochs().setAccepted(a.epoch());
            } else if (action instanceof ZabAction.PersistCurrentEpoch c) {
                replica.epochs().setCurrent(c.epoch());
            } else if (action instanceof ZabAction.Append append) {
                replica.log(TxnCodec.decode(append.txn().data()), durable);
            } else if (action instanceof ZabAction.Apply apply) {
                replica.commit(TxnCodec.decode(apply.txn().data()));
            } else if (action instanceof ZabAction.Truncate truncate) {
                replica.truncateAfter(truncate.zxid());
            } else {
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
