package io.paddock.storage.rocksdb;

import static io.paddock.storage.rocksdb.Txns.appendAll;
import static io.paddock.storage.rocksdb.Txns.create;
import static io.paddock.storage.rocksdb.Txns.creates;
import static io.paddock.storage.rocksdb.Txns.error;
import static io.paddock.storage.rocksdb.Txns.readAll;
import static io.paddock.storage.rocksdb.Txns.zxids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbTxnLogTest {
    @TempDir
    Path dir;

    private final RocksDbStorageBackend backend = new RocksDbStorageBackend();
    private Storage storage;

    @BeforeEach
    void open() throws IOException {
        storage = backend.open(StorageOptions.of(dir));
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
    }

    private TxnLog reopen() throws IOException {
        storage.close();
        storage = backend.open(StorageOptions.of(dir));
        return storage.txnLog();
    }

    @Test
    void flushedEntriesAreReadBackAfterReopen() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 10));
        log.flush();

        log = reopen();

        assertThat(log.lastZxid()).isEqualTo(10);
        assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator().isEqualTo(creates(1, 10));
        assertThat(zxids(readAll(log, 7))).containsExactly(8L, 9L, 10L);
        assertThat(readAll(log, 10)).isEmpty();
    }

    @Test
    void emptyLogHasLastZxidZeroAndNothingToRead() throws IOException {
        assertThat(storage.txnLog().lastZxid()).isZero();
        assertThat(readAll(storage.txnLog(), 0)).isEmpty();
    }

    @Test
    void readerSeesAppendedButUnflushedEntriesAndNotLaterOnes() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 3));
        try (TxnReader reader = log.readAfter(1)) {
            log.append(create(4));
            log.flush();
            assertThat(reader.next().zxid()).isEqualTo(2);
            assertThat(reader.next().zxid()).isEqualTo(3);
            assertThat(reader.next()).isNull();
        }
        assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void entriesFlushedAfterAReaderWroteThemSurviveReopen() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 3));
        assertThat(readAll(log, 0)).hasSize(3);
        log.flush();

        assertThat(zxids(readAll(reopen(), 0))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void errorTxnRepeatingTheLastZxidIsKeptAfterTheEntryItRepeats() throws IOException {
        TxnLog log = storage.txnLog();
        log.append(create(1));
        log.append(create(2));
        log.append(error(2));
        log.append(error(2));
        log.append(create(3));
        log.flush();

        log = reopen();

        List<TxnEntry> all = readAll(log, 0);
        assertThat(all).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(create(1), create(2), error(2), error(2), create(3));
        assertThat(zxids(readAll(log, 2))).containsExactly(3L);
    }

    @Test
    void errorTxnMayRepeatTheLastZxidAfterReopen() throws IOException {
        TxnLog log = storage.txnLog();
        log.append(create(1));
        log.append(error(1));
        log.flush();

        log = reopen();
        log.append(error(1));
        log.append(create(2));
        log.flush();

        assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(create(1), error(1), error(1), create(2));
    }

    @Test
    void appendRefusesAZxidThatDoesNotFollowTheLast() throws IOException {
        TxnLog log = storage.txnLog();
        log.append(create(5));

        assertThatThrownBy(() -> log.append(create(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.append(create(4))).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.lastZxid()).isEqualTo(5);
    }

    @Test
    void appendRefusesAnEntryLargerThanTheLargestRecord() throws IOException {
        storage.close();
        storage = backend.open(new StorageOptions(dir, dir, 1024, 0));
        TxnLog log = storage.txnLog();

        assertThatThrownBy(() -> log.append(create(1, new byte[2000]))).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.lastZxid()).isZero();
    }

    @Test
    void entriesOfAboutOneMebibyteRoundTrip() throws IOException {
        TxnLog log = storage.txnLog();
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        for (long z = 1; z <= 5; z++) {
            log.append(create(z, data));
        }
        log.flush();

        // Compared encoded: AssertJ's recursive comparison walks a byte[] element by element, for minutes.
        List<byte[]> read = readAll(reopen(), 0).stream().map(TxnCodec::encode).toList();
        assertThat(read).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(read.get(i)).isEqualTo(TxnCodec.encode(create(i + 1, data)));
        }
    }

    @Test
    void readerPagesThroughManyEntries() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 5000));
        log.flush();

        assertThat(zxids(readAll(log, 1234))).isEqualTo(Stream.iterate(1235L, z -> z + 1).limit(5000 - 1234).toList());
    }

    @Test
    void truncateAfterRemovesLaterEntriesAndAppendsContinue() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 10));
        log.flush();

        log.truncateAfter(6);
        assertThat(log.lastZxid()).isEqualTo(6);
        log.append(create(7, new byte[] {42}));
        log.flush();

        log = reopen();
        assertThat(log.lastZxid()).isEqualTo(7);
        assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(Stream.concat(creates(1, 6).stream(), Stream.of(create(7, new byte[] {42}))).toList());
    }

    @Test
    void truncateAfterTheLastDurableZxidDropsUnflushedEntries() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 3));
        log.flush();
        appendAll(log, creates(4, 6));
        assertThat(readAll(log, 0)).hasSize(6); // written, not synced

        log.truncateAfter(3);

        assertThat(log.lastZxid()).isEqualTo(3);
        assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L);
        assertThat(zxids(readAll(reopen(), 0))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void truncateAfterAZxidBetweenEntriesKeepsTheOneBelow() throws IOException {
        TxnLog log = storage.txnLog();
        log.append(create(10));
        log.append(error(10));
        log.append(create(20));
        log.flush();

        log.truncateAfter(15);

        assertThat(log.lastZxid()).isEqualTo(10);
        log.append(error(10));
        log.truncateAfter(0);
        assertThat(log.lastZxid()).isZero();
        assertThat(readAll(reopen(), 0)).isEmpty();
    }

    @Test
    void purgeThroughKeepsTheEntryAtOrBelowAndEverythingAfter() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 100));
        log.flush();

        log.purgeThrough(60);

        assertThat(zxids(readAll(log, 60))).isEqualTo(Stream.iterate(61L, z -> z + 1).limit(40).toList());
        assertThat(zxids(readAll(log, 0)).get(0)).isEqualTo(60L);
        assertThat(log.lastZxid()).isEqualTo(100);
    }

    @Test
    void purgeThroughTheLastZxidKeepsTheLastZxidAcrossReopen() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 10));
        log.purgeThrough(10);

        log = reopen();

        assertThat(log.lastZxid()).isEqualTo(10);
        assertThat(readAll(log, 10)).isEmpty();
        log.append(create(11));
        log.flush();
        assertThat(zxids(readAll(log, 0))).containsExactly(10L, 11L);
    }

    @Test
    void rollChangesNothingVisible() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 3));
        log.roll();
        appendAll(log, creates(4, 5));
        log.flush();

        assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void closeFlushesAndAClosedLogRefusesUse() throws IOException {
        TxnLog log = storage.txnLog();
        appendAll(log, creates(1, 3));
        storage.close();

        assertThatThrownBy(() -> log.append(create(4))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(log::flush).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.readAfter(0)).isInstanceOf(IllegalStateException.class);
        storage.close(); // twice is harmless

        assertThat(zxids(readAll(reopen(), 0))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void openingADirectoryAlreadyOpenFailsClearly() {
        assertThatThrownBy(() -> backend.open(StorageOptions.of(dir)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already open");
        assertThat(storage.txnLog().lastZxid()).isZero();
    }

    @Test
    void walGoesToTheDataLogDirWhenItIsApart() throws IOException {
        storage.close();
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        storage = backend.open(new StorageOptions(data, logs, Txns.MAX, 0));
        appendAll(storage.txnLog(), creates(1, 3));
        storage.txnLog().flush();

        try (Stream<Path> wal = Files.list(logs.resolve("rocksdb-wal"))) {
            assertThat(wal.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".log"));
        }
        try (Stream<Path> db = Files.list(data.resolve("rocksdb"))) {
            assertThat(db.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".log") && !n.startsWith("LOG"));
        }
        storage.close();
        storage = backend.open(new StorageOptions(data, logs, Txns.MAX, 0));
        assertThat(zxids(readAll(storage.txnLog(), 0))).containsExactly(1L, 2L, 3L);
    }
}
