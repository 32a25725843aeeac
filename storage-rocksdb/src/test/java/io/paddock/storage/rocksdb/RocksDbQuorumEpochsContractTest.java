package io.paddock.storage.rocksdb;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.QuorumEpochsContract;

class RocksDbQuorumEpochsContractTest extends QuorumEpochsContract {
    @Override
    protected StorageBackend backend() {
        return new RocksDbStorageBackend();
    }
}
