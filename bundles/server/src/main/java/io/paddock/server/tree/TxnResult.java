package io.paddock.server.tree;

import io.paddock.api.proto.Stat;
import java.util.List;

/**
 * What applying one txn did: its error code (0 on success), the path it touched, the stat after
 * it (for create and setData), and for a multi the result of each sub-txn in order.
 */
public record TxnResult(int type, int err, String path, Stat stat, List<TxnResult> subResults) {
    public static TxnResult of(int type, int err, String path, Stat stat) {
        return new TxnResult(type, err, path, stat, List.of());
    }

    public static TxnResult error(int type, int err) {
        return new TxnResult(type, err, null, null, List.of());
    }
}
