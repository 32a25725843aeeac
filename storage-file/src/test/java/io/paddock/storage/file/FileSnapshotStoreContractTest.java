package io.paddock.storage.file;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.SnapshotStoreContract;

class FileSnapshotStoreContractTest extends SnapshotStoreContract {
    @Override
    protected StorageBackend backend() {
        return new FileStorageBackend();
    }
}
