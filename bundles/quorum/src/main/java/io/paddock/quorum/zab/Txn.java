package io.paddock.quorum.zab;

import io.paddock.api.txn.Zxid;
import java.util.Objects;

/**
 * A proposal as atomic broadcast sees it: a zxid and the bytes of the log entry (TxnHeader, txn
 * and digest, protocol.md section 17), which the protocol never looks into.
 */
public record Txn(long zxid, byte[] data) {
    public Txn {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return "Txn[" + Zxid.hex(zxid) + ", " + data.length + " bytes]";
    }
}
