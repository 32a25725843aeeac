package io.paddock.storage.file;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import io.paddock.storage.testkit.SampleTxns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The testkit's sample entries, and log helpers for the file backend's own tests. */
final class Txns {
    static final int MAX = JuteInput.DEFAULT_MAX_LENGTH;
    static final long SESSION = SampleTxns.SESSION;

    private Txns() {
    }

    static TxnEntry create(long zxid) {
        return SampleTxns.create(zxid);
    }

    static TxnEntry create(long zxid, String path) {
        return SampleTxns.create(zxid, path);
    }

    static TxnEntry error(long zxid) {
        return SampleTxns.error(zxid);
    }

    static List<TxnEntry> creates(long fromZxid, long toZxid) {
        return SampleTxns.creates(fromZxid, toZxid);
    }

    /** The framed size of an entry on disk: checksum, length, payload and 'B'. */
    static long frameSize(TxnEntry entry) {
        return LogEntryFormat.OVERHEAD + TxnCodec.encode(entry).length;
    }

    static List<TxnEntry> readAll(FileTxnLog log, long after) throws IOException {
        return SampleTxns.readAfter(log, after);
    }

    static List<Long> zxids(List<TxnEntry> entries) {
        return SampleTxns.zxids(entries);
    }
}
