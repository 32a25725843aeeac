package io.paddock.api.storage;

import java.nio.file.Path;

/**
 * Where and how a backend stores a database.
 *
 * @param dataDir         snapshots (and, for the file backend, {@code version-2/} under it)
 * @param dataLogDir      the txn log; the same as dataDir unless configured apart
 * @param maxRecordLength the largest buffer or string a stored record may hold
 *                        ({@code jute.maxbuffer} plus the extra size, protocol.md section 1)
 * @param preallocBytes   how far ahead a log file is grown, 0 for no preallocation
 */
public record StorageOptions(Path dataDir, Path dataLogDir, int maxRecordLength, long preallocBytes) {
    /** ZooKeeper's default {@code zookeeper.preAllocSize}: 64 MiB. */
    public static final long DEFAULT_PREALLOC_BYTES = 64L * 1024 * 1024;

    public static StorageOptions of(Path dataDir) {
        return new StorageOptions(dataDir, dataDir, 2 * 0xfffff, DEFAULT_PREALLOC_BYTES);
    }
}
