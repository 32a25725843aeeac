package io.paddock.api.txn;

import io.paddock.api.proto.JuteRecord;

/**
 * The body of a logged txn. The txn type lives in {@link TxnHeader} (or in the multi entry),
 * because one body shape serves several types: {@link CreateTxn} for create and create2,
 * {@link DeleteTxn} for delete and deleteContainer (protocol.md section 16.3).
 */
public sealed interface Txn extends JuteRecord permits CreateTxn, CreateContainerTxn, CreateTtlTxn,
        DeleteTxn, SetDataTxn, SetAclTxn, CheckVersionTxn, CreateSessionTxn, CloseSessionTxn, ErrorTxn,
        MultiTxn {
}
