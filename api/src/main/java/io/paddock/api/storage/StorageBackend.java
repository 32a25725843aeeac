package io.paddock.api.storage;

import java.io.IOException;

/**
 * A way to persist a database: opens the txn log and snapshot store for a data directory.
 * Providers register with {@value #PROPERTY} naming them ({@code file}, {@code rocksdb}).
 */
public interface StorageBackend {
    /** Service property that names a provider. */
    String PROPERTY = "paddock.storage";

    String name();

    Storage open(StorageOptions options) throws IOException;
}
