package io.paddock.server.standalone;

import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnEntry;
import io.paddock.storage.file.FileStorageBackend;
import java.io.IOException;
import java.io.SyncFailedException;

/**
 * The file backend with a disk that can be made to fail on command: full (appends, flushes and
 * truncations fail as a write would) or failing its syncs. What fails never reaches the real log.
 */
final class FaultyStorageBackend implements StorageBackend {
    volatile boolean diskFull;
    volatile boolean syncFails;
    private final StorageBackend real = new FileStorageBackend();

    @Override
    public String name() {
        return "faulty-file";
    }

    @Override
    public Storage open(StorageOptions options) throws IOException {
        Storage storage = real.open(options);
        TxnLog log = new FaultyLog(storage.txnLog());
        return new Storage() {
            @Override
            public TxnLog txnLog() {
                return log;
            }

            @Override
            public SnapshotStore snapshots() {
                return storage.snapshots();
            }

            @Override
            public QuorumEpochs epochs() {
                return storage.epochs();
            }

            @Override
            public void close() throws IOException {
                storage.close();
            }
        };
    }

    private final class FaultyLog implements TxnLog {
        private final TxnLog log;

        FaultyLog(TxnLog log) {
            this.log = log;
        }

        @Override
        public void append(TxnEntry entry) throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            log.append(entry);
        }

        @Override
        public void flush() throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            if (syncFails) {
                throw new SyncFailedException("fsync: Input/output error");
            }
            log.flush();
        }

        @Override
        public long lastZxid() {
            return log.lastZxid();
        }

        @Override
        public TxnReader readAfter(long zxid) throws IOException {
            return log.readAfter(zxid);
        }

        @Override
        public void truncateAfter(long zxid) throws IOException {
            // As RocksDB's must reopen the database, a truncation can need room too.
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            log.truncateAfter(zxid);
        }

        @Override
        public void roll() throws IOException {
            log.roll();
        }

        @Override
        public void purgeThrough(long zxid) throws IOException {
            log.purgeThrough(zxid);
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }
}
