package io.paddock.storage.file;

import io.paddock.api.storage.StorageBackend;
import io.paddock.storage.testkit.CrashContract;

class FileCrashContractTest extends CrashContract {
    @Override
    protected StorageBackend backend() {
        return new FileStorageBackend();
    }
}
