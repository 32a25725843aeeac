package io.paddock.api.txn;

/**
 * One txn as logged and replicated: header, body and the optional tree digest after it.
 * {@code digest} is null when the txn carries none (error txns, older logs).
 */
public record TxnEntry(TxnHeader header, Txn txn, TxnDigest digest) {
    public long zxid() {
        return header.zxid();
    }

    public int type() {
        return header.type();
    }
}
