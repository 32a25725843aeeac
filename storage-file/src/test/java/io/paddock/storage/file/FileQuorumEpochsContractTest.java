package io.paddock.storage.file;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.QuorumEpochsContract;

class FileQuorumEpochsContractTest extends QuorumEpochsContract {
    @Override
    protected StorageBackend backend() {
        return new FileStorageBackend();
    }
}
