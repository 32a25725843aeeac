package io.paddock.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every contract shares: the backend under test and a fresh data directory per test. A
 * backend's test module subclasses each contract and implements {@link #backend()}; the
 * contract's tests then run against that backend.
 */
public abstract class StorageContract {
    /** ZooKeeper's default record limit, {@code jute.maxbuffer} plus its extra size (protocol.md section 1). */
    public static final int MAX_RECORD_LENGTH = 2 * 0xfffff;

    @TempDir
    protected Path dir;

    /** The backend under test; each call may return a new instance. */
    protected abstract StorageBackend backend();

    /**
     * Where the backend stores this test's database: snapshots and log apart (as an operator may
     * configure them), ZooKeeper's record limit and a small preallocation so that log segments grow.
     */
    protected StorageOptions options() throws IOException {
        return new StorageOptions(Files.createDirectories(dir.resolve("data")),
                Files.createDirectories(dir.resolve("datalog")), MAX_RECORD_LENGTH, 64 * 1024);
    }

    protected final Storage open() throws IOException {
        return backend().open(options());
    }

    /** Every entry {@code log.readAfter(zxid)} returns. */
    protected static List<TxnEntry> readAfter(TxnLog log, long zxid) throws IOException {
        return SampleTxns.readAfter(log, zxid);
    }

    protected static List<Long> zxids(List<TxnEntry> entries) {
        return SampleTxns.zxids(entries);
    }

    /** Asserts the same entries in the same order, byte for byte as they encode (header, body, digest). */
    protected static void assertSameEntries(List<TxnEntry> actual, List<TxnEntry> expected) {
        assertThat(zxids(actual)).as("zxids").containsExactlyElementsOf(zxids(expected));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(TxnCodec.encode(actual.get(i)))
                    .as("entry %d (zxid %s, type %d)", i, Zxid.hex(expected.get(i).zxid()), expected.get(i).type())
                    .isEqualTo(TxnCodec.encode(expected.get(i)));
        }
    }
}
