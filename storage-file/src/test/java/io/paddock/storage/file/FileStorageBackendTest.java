package io.paddock.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.storage.testkit.SampleTrees;
import io.paddock.storage.testkit.SampleTrees.CollectingSink;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageBackendTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path dataLogDir;

    @Test
    void isNamedFile() {
        assertThat(new FileStorageBackend().name()).isEqualTo("file");
    }

    @Test
    void openKeepsLogsAndSnapshotsUnderVersion2OfTheirDirectories() throws IOException {
        StorageOptions options = new StorageOptions(dataDir, dataLogDir, 2 * 0xfffff, 4096);
        try (Storage storage = new FileStorageBackend().open(options)) {
            storage.txnLog().append(Txns.create(1));
            storage.txnLog().flush();
            storage.snapshots().write(1, SampleTrees.sample(1));
        }
        assertThat(dataLogDir.resolve("version-2/log.1")).exists();
        assertThat(dataDir.resolve("version-2/snapshot.1")).exists();

        try (Storage storage = new FileStorageBackend().open(options)) {
            assertThat(storage.txnLog().lastZxid()).isEqualTo(1);
            assertThat(storage.snapshots().loadNewest(new CollectingSink())).hasValue(1);
        }
    }
}
