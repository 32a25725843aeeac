package io.paddock.storage.rocksdb;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.TxnLogContract;

class RocksDbTxnLogContractTest extends TxnLogContract {
    @Override
    protected StorageBackend backend() {
        return new RocksDbStorageBackend();
    }
}
