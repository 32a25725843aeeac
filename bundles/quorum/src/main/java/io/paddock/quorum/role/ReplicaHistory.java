package io.paddock.quorum.role;

import io.paddock.api.quorum.Replica;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import io.paddock.quorum.zab.History;
import io.paddock.quorum.zab.Txn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's recent history, as ZooKeeper's {@code ZKDatabase.committedLog} keeps it: the last
 * txns of the replica's log and every txn proposed since, up to {@code capacity}. A learner
 * behind the oldest of them is sent a snapshot.
 */
final class ReplicaHistory implements History {
    private final TreeMap<Long, Txn> txns = new TreeMap<>();
    private final int capacity;
    private long lastZxid;

    ReplicaHistory(Replica replica, int capacity) throws IOException {
        this.capacity = capacity;
        this.lastZxid = replica.historyStart();
        try (TxnReader reader = replica.readLog(replica.historyStart())) {
            for (TxnEntry e = reader.next(); e != null; e = reader.next()) {
                add(new Txn(e.zxid(), TxnCodec.encode(e)));
            }
        }
    }

    void add(Txn txn) {
        txns.put(txn.zxid(), txn);
        lastZxid = Math.max(lastZxid, txn.zxid());
        while (txns.size() > capacity) {
            txns.pollFirstEntry();
        }
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    @Override
    public long oldestZxid() {
        return txns.isEmpty() ? lastZxid + 1 : txns.firstKey();
    }

    @Override
    public boolean contains(long zxid) {
        return txns.containsKey(zxid);
    }

    @Override
    public List<Txn> between(long zxid, long through) {
        return new ArrayList<>(txns.subMap(zxid, false, through, true).values());
    }

    @Override
    public long before(long zxid) {
        Map.Entry<Long, Txn> e = txns.lowerEntry(zxid);
        return e == null ? 0 : e.getKey();
    }
}
