package io.paddock.storage.file;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/**
 * Stores a database in ZooKeeper's own on-disk format (protocol.md section 16): txn logs in
 * {@code <dataLogDir>/version-2}, snapshots in {@code <dataDir>/version-2}, so a ZooKeeper
 * dataDir loads as is and ZooKeeper loads ours.
 */
@Component(service = StorageBackend.class, property = StorageBackend.PROPERTY + "=" + FileStorageBackend.NAME)
public class FileStorageBackend implements StorageBackend {
    public static final String NAME = "file";

    /** ZooKeeper keeps both file kinds under this subdirectory (section 16.1). */
    static final String VERSION_DIR = "version-2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StorageOptions options) throws IOException {
        Path logDir = Files.createDirectories(options.dataLogDir().resolve(VERSION_DIR));
        Path snapDir = Files.createDirectories(options.dataDir().resolve(VERSION_DIR));
        FileTxnLog log = FileTxnLog.open(logDir, options.maxRecordLength(), options.preallocBytes());
        try {
            return new FileStorage(log, new FileSnapshotStore(snapDir, options.maxRecordLength()),
                    new FileQuorumEpochs(snapDir));
        } catch (IOException | RuntimeException e) {
            try {
                log.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
