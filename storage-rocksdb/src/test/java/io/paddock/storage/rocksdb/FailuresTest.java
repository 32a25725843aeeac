package io.paddock.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.SyncFailedException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class FailuresTest {
    @Test
    void fullDiskOnASyncedWriteIsAPlainWriteFailure() {
        RocksDBException e = new RocksDBException("IO error: No space left on device: While appending to file",
                new Status(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device"));

        IOException mapped = Failures.ofSynced("writing", e);

        assertThat(mapped).isNotInstanceOf(SyncFailedException.class).hasCause(e);
    }

    @Test
    void otherIoErrorOnASyncedWriteIsASyncFailure() {
        RocksDBException e = new RocksDBException("IO error: While fsync: a file: Input/output error",
                new Status(Status.Code.IOError, Status.SubCode.None, "Input/output error"));

        assertThat(Failures.ofSynced("writing", e)).isInstanceOf(SyncFailedException.class).hasCause(e);
    }

    @Test
    void nonIoErrorOnASyncedWriteIsAPlainIoException() {
        RocksDBException e = new RocksDBException("Invalid argument",
                new Status(Status.Code.InvalidArgument, Status.SubCode.None, "bad"));

        assertThat(Failures.ofSynced("writing", e)).isNotInstanceOf(SyncFailedException.class);
    }
}
