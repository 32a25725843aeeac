package io.paddock.storage.rocksdb;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.SnapshotStoreContract;

class RocksDbSnapshotStoreContractTest extends SnapshotStoreContract {
    @Override
    protected StorageBackend backend() {
        return new RocksDbStorageBackend();
    }
}
