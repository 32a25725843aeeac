package io.paddock.storage.file;

import static io.paddock.storage.file.Txns.MAX;
import static io.paddock.storage.file.Txns.create;
import static io.paddock.storage.file.Txns.creates;
import static io.paddock.storage.file.Txns.readAll;
import static io.paddock.storage.file.Txns.zxids;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTxnLogTest {
    @TempDir
    Path dir;

    private FileTxnLog open(long prealloc) throws IOException {
        return FileTxnLog.open(dir, MAX, prealloc);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void appendAll(FileTxnLog log, List<TxnEntry> entries) throws IOException {
        for (TxnEntry e : entries) {
            log.append(e);
        }
    }

    @Test
    void entriesReadBackInOrderAcrossARoll() throws IOException {
        try (FileTxnLog log = open(0)) {
            appendAll(log, creates(1, 3));
            log.flush();
            log.roll();
            appendAll(log, creates(4, 5));
            log.flush();

            assertThat(fileNames()).containsExactly("log.1", "log.4");
            assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator().isEqualTo(creates(1, 5));
            assertThat(zxids(readAll(log, 3))).containsExactly(4L, 5L);
            assertThat(zxids(readAll(log, 4))).containsExactly(5L);
            assertThat(readAll(log, 5)).isEmpty();
        }
    }

    @Test
    void readAfterSeesEntriesAppendedButNotYetFlushed() throws IOException {
        try (FileTxnLog log = open(0)) {
            appendAll(log, creates(1, 2));
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L);
        }
    }

    @Test
    void aReaderSeesWhatWasAppendedBeforeItWasCreatedAndNothingLater() throws IOException {
        try (FileTxnLog log = open(4096)) {
            appendAll(log, creates(1, 2));
            try (TxnReader reader = log.readAfter(0)) {
                log.append(create(3));
                log.flush();
                assertThat(reader.next().zxid()).isEqualTo(1);
                assertThat(reader.next().zxid()).isEqualTo(2);
                assertThat(reader.next()).isNull();
            }
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void reopeningFindsTheLastZxidAndTheNextAppendStartsANewFile() throws IOException {
        try (FileTxnLog log = open(4096)) {
            appendAll(log, creates(1, 3));
            log.flush();
        }
        try (FileTxnLog log = open(4096)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            log.append(create(4));
            log.flush();
        }
        try (FileTxnLog log = open(4096)) {
            assertThat(log.lastZxid()).isEqualTo(4);
            assertThat(fileNames()).containsExactly("log.1", "log.4");
            assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator().isEqualTo(creates(1, 4));
        }
    }

    @Test
    void emptyLogHasLastZxidZeroAndReadsNothing() throws IOException {
        try (FileTxnLog log = open(0)) {
            assertThat(log.lastZxid()).isZero();
            assertThat(readAll(log, 0)).isEmpty();
            log.flush();
        }
        assertThat(fileNames()).isEmpty();
    }

    @Test
    void anErrorTxnRepeatingTheLastZxidAfterReopeningGoesIntoTheNewestFileNotANewOne() throws IOException {
        try (FileTxnLog log = open(4096)) {
            appendAll(log, creates(1, 3));
            log.flush();
        }
        try (FileTxnLog log = open(4096)) {
            log.append(Txns.error(3));
            log.flush();
            assertThat(fileNames()).containsExactly("log.1");
            log.append(create(4));
            log.flush();
        }
        assertThat(fileNames()).containsExactly("log.1", "log.4");
        try (FileTxnLog log = open(4096)) {
            assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(create(1), create(2), create(3), Txns.error(3), create(4));
        }
    }

    @Test
    void preallocationMakesTheFirstFile16PlusPreallocBytesAndReopenStillWorks() throws IOException {
        long prealloc = 64 * 1024;
        try (FileTxnLog log = open(prealloc)) {
            appendAll(log, creates(1, 3));
            log.flush();
        }
        assertThat(Files.size(dir.resolve("log.1"))).isEqualTo(16 + prealloc);
        try (FileTxnLog log = open(prealloc)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator().isEqualTo(creates(1, 3));
        }
    }

    @Test
    void preallocationGrowsTheFileAsAppendsApproachItsEnd() throws IOException {
        long prealloc = 8192;
        try (FileTxnLog log = open(prealloc)) {
            appendAll(log, creates(1, 300));
            log.flush();
        }
        long used = 16 + creates(1, 300).stream().mapToLong(Txns::frameSize).sum();
        long size = Files.size(dir.resolve("log.1"));
        assertThat((size - 16) % prealloc).isZero();
        assertThat(size).isGreaterThan(used + FilePadding.MARGIN - 1024);
        try (FileTxnLog log = open(prealloc)) {
            assertThat(log.lastZxid()).isEqualTo(300);
            assertThat(readAll(log, 0)).hasSize(300);
        }
    }

    @Test
    void withoutPreallocationTheFileEndsAtTheLastEntry() throws IOException {
        try (FileTxnLog log = open(0)) {
            appendAll(log, creates(1, 3));
            log.flush();
        }
        long expected = 16 + creates(1, 3).stream().mapToLong(Txns::frameSize).sum();
        assertThat(Files.size(dir.resolve("log.1"))).isEqualTo(expected);
    }

    @Test
    void fileBytesMatchTheHandComputedLayout() throws IOException {
        TxnEntry entry = create(0x2a);
        try (FileTxnLog log = open(1024)) {
            log.append(entry);
            log.flush();
        }
        byte[] payload = TxnCodec.encode(entry);
        Adler32 adler = new Adler32();
        adler.update(payload);
        ByteBuffer expected = ByteBuffer.allocate(16 + 8 + 4 + payload.length + 1)
                .putInt(0x5A4B4C47).putInt(2).putLong(0)
                .putLong(adler.getValue()).putInt(payload.length).put(payload).put((byte) 0x42);

        byte[] file = Files.readAllBytes(dir.resolve("log.2a"));
        assertThat(file).hasSize(16 + 1024);
        assertThat(Arrays.copyOf(file, expected.capacity())).isEqualTo(expected.array());
        assertThat(Arrays.copyOfRange(file, expected.capacity(), file.length)).containsOnly(0);
        // The TxnHeader starts the payload: clientId, cxid, zxid.
        assertThat(ByteBuffer.wrap(file, 16 + 12 + 12, 8).getLong()).isEqualTo(0x2a);
    }

    @Test
    void truncateAfterRemovesLaterEntriesAndLaterFiles() throws IOException {
        try (FileTxnLog log = open(4096)) {
            appendAll(log, creates(1, 3));
            log.roll();
            appendAll(log, creates(4, 6));
            log.roll();
            appendAll(log, creates(7, 8));
            log.flush();

            log.truncateAfter(5);

            assertThat(log.lastZxid()).isEqualTo(5);
            assertThat(fileNames()).containsExactly("log.1", "log.4");
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L, 4L, 5L);
            log.append(create(6, "/other"));
            log.flush();
        }
        try (FileTxnLog log = open(4096)) {
            assertThat(log.lastZxid()).isEqualTo(6);
            assertThat(readAll(log, 5)).usingRecursiveFieldByFieldElementComparator().containsExactly(create(6, "/other"));
        }
    }

    @Test
    void truncateAfterAZxidBeforeEveryEntryEmptiesTheLog() throws IOException {
        try (FileTxnLog log = open(0)) {
            appendAll(log, creates(5, 6));
            log.roll();
            appendAll(log, creates(7, 8));
            log.truncateAfter(3);
            assertThat(log.lastZxid()).isZero();
            assertThat(fileNames()).isEmpty();
            log.append(create(4));
            log.flush();
            assertThat(fileNames()).containsExactly("log.4");
        }
    }

    @Test
    void purgeThroughKeepsTheNewestFileStartingAtOrBelowTheZxid() throws IOException {
        try (FileTxnLog log = open(0)) {
            appendAll(log, creates(1, 3));
            log.roll();
            appendAll(log, creates(4, 6));
            log.roll();
            appendAll(log, creates(7, 8));
            log.flush();

            log.purgeThrough(3);
            assertThat(fileNames()).containsExactly("log.1", "log.4", "log.7");
            log.purgeThrough(6);
            assertThat(fileNames()).containsExactly("log.4", "log.7");
            assertThat(zxids(readAll(log, 6))).containsExactly(7L, 8L);
            log.purgeThrough(8);
            assertThat(fileNames()).containsExactly("log.7");
            assertThat(log.lastZxid()).isEqualTo(8);
        }
    }

    @Test
    void readAfterAZxidInsideAFileStartsAtThatFile() throws IOException {
        try (FileTxnLog log = open(0)) {
            appendAll(log, creates(1, 3));
            log.roll();
            appendAll(log, creates(4, 6));
            log.flush();
            log.purgeThrough(5);
            assertThat(zxids(readAll(log, 4))).containsExactly(5L, 6L);
            assertThat(zxids(readAll(log, 0))).containsExactly(4L, 5L, 6L);
        }
    }

}
