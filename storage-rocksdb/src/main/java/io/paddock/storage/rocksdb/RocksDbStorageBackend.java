package io.paddock.storage.rocksdb;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.rocksdb.RocksDB;

/**
 * Stores a database in RocksDB: one database in {@code <dataDir>/rocksdb} with column families
 * {@code log}, {@code snapshots} and {@code meta}; its WAL, which is what makes the txn log
 * durable, in {@code <dataLogDir>/rocksdb-wal} when the log is configured on a disk of its own.
 */
@Component(service = StorageBackend.class, property = StorageBackend.PROPERTY + "=" + RocksDbStorageBackend.NAME)
public class RocksDbStorageBackend implements StorageBackend {
    public static final String NAME = "rocksdb";

    static final String DB_DIR = "rocksdb";
    static final String WAL_DIR = "rocksdb-wal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StorageOptions options) throws IOException {
        // Loads the native library once per class loader: from the bundle's native code in OSGi,
        // else extracted from the jar; idempotent.
        RocksDB.loadLibrary();
        Path dir = options.dataDir().resolve(DB_DIR);
        Path walDir = sameDirectory(options.dataDir(), options.dataLogDir()) ? null
                : options.dataLogDir().resolve(WAL_DIR);
        Database db = Database.open(dir, walDir);
        try {
            RocksDbTxnLog txnLog = RocksDbTxnLog.open(db, options.maxRecordLength());
            return new RocksDbStorage(db, txnLog, new RocksDbSnapshotStore(db, options.maxRecordLength()),
                    new RocksDbQuorumEpochs(db));
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
