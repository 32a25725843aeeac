package io.paddock.storage.file;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.TxnLogContract;

class FileTxnLogContractTest extends TxnLogContract {
    @Override
    protected StorageBackend backend() {
        return new FileStorageBackend();
    }
}
