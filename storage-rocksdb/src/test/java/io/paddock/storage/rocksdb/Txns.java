package io.paddock.storage.rocksdb;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.TxnDigest;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import io.paddock.storage.testkit.SampleTxns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Txn entries and log helpers for tests. */
final class Txns {
    static final int MAX = JuteInput.DEFAULT_MAX_LENGTH;
    static final long SESSION = 0x1000_0000_0001L;

    private Txns() {
    }

    static TxnEntry create(long zxid) {
        return create(zxid, ("data-" + zxid).getBytes(StandardCharsets.UTF_8));
    }

    static TxnEntry create(long zxid, byte[] data) {
        return new TxnEntry(new TxnHeader(SESSION, (int) zxid, zxid, 1_700_000_000_000L + zxid, OpCode.CREATE),
                new CreateTxn("/n" + zxid, data, Perms.OPEN_ACL_UNSAFE, false, (int) zxid),
                new TxnDigest(2, zxid * 1_000_003L));
    }

    static TxnEntry error(long zxid) {
        return new TxnEntry(new TxnHeader(SESSION, 77, zxid, 1_700_000_000_000L + zxid, OpCode.ERROR), new ErrorTxn(-5), null);
    }

    static List<TxnEntry> creates(long fromZxid, long toZxid) {
        List<TxnEntry> entries = new ArrayList<>();
        for (long z = fromZxid; z <= toZxid; z++) {
            entries.add(create(z));
        }
        return entries;
    }

    static void appendAll(TxnLog log, List<TxnEntry> entries) throws IOException {
        for (TxnEntry e : entries) {
            log.append(e);
        }
    }

    static List<TxnEntry> readAll(TxnLog log, long after) throws IOException {
        return SampleTxns.readAfter(log, after);
    }

    static List<Long> zxids(List<TxnEntry> entries) {
        return SampleTxns.zxids(entries);
    }
}
