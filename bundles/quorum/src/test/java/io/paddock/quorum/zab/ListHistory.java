package io.paddock.quorum.zab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** A log as a list, for tests, after a snapshot at {@code snapshotZxid} (0 for none). */
final class ListHistory implements History {
    final List<Txn> log;
    private final LongSupplier snapshotZxid;

    ListHistory(List<Txn> log, LongSupplier snapshotZxid) {
        this.log = log;
        this.snapshotZxid = snapshotZxid;
    }

    ListHistory(long snapshotZxid, long... zxids) {
        this(new ArrayList<>(), () -> snapshotZxid);
        for (long zxid : zxids) {
            log.add(new Txn(zxid, new byte[] {(byte) zxid}));
        }
    }

    @Override
    public long lastZxid() {
        return log.isEmpty() ? snapshotZxid.getAsLong() : log.get(log.size() - 1).zxid();
    }

    @Override
    public long oldestZxid() {
        return log.isEmpty() ? lastZxid() + 1 : log.get(0).zxid();
    }

    @Override
    public boolean contains(long zxid) {
        return log.stream().anyMatch(t -> t.zxid() == zxid);
    }

    @Override
    public List<Txn> between(long zxid, long through) {
        return log.stream().filter(t -> t.zxid() > zxid && t.zxid() <= through).toList();
    }

    @Override
    public long before(long zxid) {
        return log.stream().mapToLong(Txn::zxid).filter(z -> z < zxid).max().orElse(0);
    }
}
