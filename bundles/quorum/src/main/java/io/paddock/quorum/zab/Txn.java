package io.paddock.quorum.zab;

import io.paddock.api.txn.Zxid;
import java.util.Arrays;
import java.util.Objects;

/**
 * A proposal as atomic broadcast sees it: a zxid and the bytes of the log entry (TxnHeader, txn
 * and digest, protocol.md section 17), which the protocol never looks into.
 */
public record Txn(long zxid, byte[] data) {
    public Txn {
        Objects.requireNonNull(data, "data");
    }

    /** Two txns are equal when zxid and bytes are, as the simulation and the tests compare them. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Txn t && t.zxid == zxid && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(zxid) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Txn[" + Zxid.hex(zxid) + ", " + data.length + " bytes]";
    }
}
