package io.paddock.server.standalone;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import io.paddock.storage.file.FileStorageBackend;
import java.io.IOException;

/** A second backend for handover tests: file storage under {@code <dataDir>/elsewhere}, by another name. */
final class ElsewhereStorageBackend implements StorageBackend {
    static final String NAME = "elsewhere";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StorageOptions o) throws IOException {
        return new FileStorageBackend().open(new StorageOptions(o.dataDir().resolve(NAME),
                o.dataLogDir().resolve(NAME), o.maxRecordLength(), o.preallocBytes()));
    }
}
