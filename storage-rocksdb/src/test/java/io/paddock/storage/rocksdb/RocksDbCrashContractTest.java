package io.paddock.storage.rocksdb;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.CrashContract;

class RocksDbCrashContractTest extends CrashContract {
    @Override
    protected StorageBackend backend() {
        return new RocksDbStorageBackend();
    }
}
