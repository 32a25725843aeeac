package io.paddock.storage.file;

import static io.paddock.storage.file.Txns.MAX;
import static io.paddock.storage.file.Txns.create;
import static io.paddock.storage.file.Txns.creates;
import static io.paddock.storage.file.Txns.frameSize;
import static io.paddock.storage.file.Txns.readAll;
import static io.paddock.storage.file.Txns.zxids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.txn.TxnEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxnLogRecoveryTest {
    private static final long PREALLOC = 4096;

    @TempDir
    Path dir;

    /** Writes entries 1..3 to log.1 and returns the offsets where entries 1, 2, 3 start and where 3 ends. */
    private long[] writeThreeEntries(long prealloc) throws IOException {
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, prealloc)) {
            for (TxnEntry e : creates(1, 3)) {
                log.append(e);
            }
            log.flush();
        }
        long[] offsets = new long[4];
        offsets[0] = FileHeader.LENGTH;
        for (int i = 0; i < 3; i++) {
            offsets[i + 1] = offsets[i] + frameSize(create(i + 1));
        }
        return offsets;
    }

    private Path log1() {
        return dir.resolve("log.1");
    }

    private void overwrite(Path file, long offset, byte... bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private void flipByte(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        overwrite(file, offset, (byte) ~all[(int) offset]);
    }

    /** Opens the log, checks only entries 1 and 2 survived, appends 3 again, and checks a reopen reads 1..3. */
    private void assertCutAfterEntryTwoAndAppendsContinue(long endOfEntry2) throws IOException {
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, PREALLOC)) {
            assertThat(log.lastZxid()).isEqualTo(2);
            assertThat(Files.size(log1())).isEqualTo(endOfEntry2);
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L);
            log.append(create(3, "/again"));
            log.flush();
        }
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, PREALLOC)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(create(1), create(2), create(3, "/again"));
        }
    }

    @Test
    void aFileCutInTheMiddleOfTheLastEntryLosesOnlyThatEntry() throws IOException {
        long[] at = writeThreeEntries(0);
        try (FileChannel ch = FileChannel.open(log1(), StandardOpenOption.WRITE)) {
            ch.truncate(at[3] - 5);
        }
        assertCutAfterEntryTwoAndAppendsContinue(at[2]);
    }

    @Test
    void aFileCutInsideTheLastEntrysLengthLosesOnlyThatEntry() throws IOException {
        long[] at = writeThreeEntries(0);
        try (FileChannel ch = FileChannel.open(log1(), StandardOpenOption.WRITE)) {
            ch.truncate(at[2] + 10);
        }
        assertCutAfterEntryTwoAndAppendsContinue(at[2]);
    }

    @Test
    void aZeroedEndOfRecordByteOnTheLastEntryLosesOnlyThatEntry() throws IOException {
        long[] at = writeThreeEntries(PREALLOC);
        overwrite(log1(), at[3] - 1, (byte) 0);
        assertCutAfterEntryTwoAndAppendsContinue(at[2]);
    }

    @Test
    void aBadChecksumOnTheLastEntryLosesOnlyThatEntry() throws IOException {
        long[] at = writeThreeEntries(PREALLOC);
        flipByte(log1(), at[2] + LogEntryFormat.PREFIX + 40);
        assertCutAfterEntryTwoAndAppendsContinue(at[2]);
    }

    @Test
    void randomGarbageAfterTheLastEntryIsCutOff() throws IOException {
        long[] at = writeThreeEntries(0);
        byte[] garbage = new byte[300];
        new Random(42).nextBytes(garbage);
        overwrite(log1(), at[3], garbage);
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, PREALLOC)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(Files.size(log1())).isEqualTo(at[3]);
            log.append(create(4));
            log.flush();
        }
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, PREALLOC)) {
            assertThat(readAll(log, 0)).usingRecursiveFieldByFieldElementComparator().isEqualTo(creates(1, 4));
        }
    }

    @Test
    void garbageShapedLikeAnEntryWithABadChecksumAfterTheLastEntryIsCutOff() throws IOException {
        long[] at = writeThreeEntries(PREALLOC);
        ByteBuffer fake = ByteBuffer.allocate(8 + 4 + 40 + 1).putLong(12345).putInt(40).put(new byte[40]).put((byte) 'B');
        overwrite(log1(), at[3], fake.array());
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, PREALLOC)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(Files.size(log1())).isEqualTo(at[3]);
        }
    }

    @Test
    void cleanZeroPaddingAfterTheLastEntryIsLeftAlone() throws IOException {
        writeThreeEntries(PREALLOC);
        long size = Files.size(log1());
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, PREALLOC)) {
            assertThat(log.lastZxid()).isEqualTo(3);
        }
        assertThat(Files.size(log1())).isEqualTo(size);
    }

    @Test
    void aBadChecksumFollowedByValidEntriesFailsOpenAndChangesNothing() throws IOException {
        long[] at = writeThreeEntries(PREALLOC);
        flipByte(log1(), at[1] + LogEntryFormat.PREFIX + 40);
        byte[] before = Files.readAllBytes(log1());

        assertThatThrownBy(() -> FileTxnLog.open(dir, MAX, PREALLOC))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(log1().toString())
                .hasMessageContaining("corrupt")
                .hasMessageContaining("offset " + at[1]);
        assertThat(Files.readAllBytes(log1())).isEqualTo(before);
    }

    @Test
    void aMissingEndOfRecordByteFollowedByValidEntriesFailsOpenAndChangesNothing() throws IOException {
        long[] at = writeThreeEntries(PREALLOC);
        overwrite(log1(), at[2] - 1, (byte) 0);
        byte[] before = Files.readAllBytes(log1());

        assertThatThrownBy(() -> FileTxnLog.open(dir, MAX, PREALLOC))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining("offset " + at[1]);
        assertThat(Files.readAllBytes(log1())).isEqualTo(before);
    }

    @Test
    void aBadChecksumAtTheEndOfAFileFollowedByALaterFileWithEntriesFailsOpen() throws IOException {
        long[] at = writeThreeEntries(0);
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            log.append(create(4));
            log.flush();
        }
        flipByte(log1(), at[2] + LogEntryFormat.PREFIX + 40);
        assertThatThrownBy(() -> FileTxnLog.open(dir, MAX, 0)).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
        assertThat(dir.resolve("log.4")).exists();
    }

    @Test
    void aTornTailInAnOlderFileIsCutAndLaterFilesAreStillRead() throws IOException {
        long[] at = writeThreeEntries(0);
        try (FileChannel ch = FileChannel.open(log1(), StandardOpenOption.WRITE)) {
            ch.truncate(at[3] - 1);
        }
        // As after a ZooKeeper restart: the next file starts after the last complete entry.
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            log.append(create(3, "/again"));
            log.flush();
        }
        try (FileChannel ch = FileChannel.open(log1(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), at[2]);
        }
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(Files.size(log1())).isEqualTo(at[2]);
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aLastFileWithOnlyAHeaderIsRemoved() throws IOException {
        writeThreeEntries(0);
        Path empty = dir.resolve("log.4");
        Files.write(empty, ByteBuffer.allocate(16).putInt(0x5A4B4C47).putInt(2).putLong(0).array());
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(empty).doesNotExist();
            log.append(create(4));
            log.flush();
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aLastFileWithATornHeaderIsRemoved() throws IOException {
        writeThreeEntries(0);
        Path torn = dir.resolve("log.4");
        Files.write(torn, new byte[] {0x5A, 0x4B, 0x4C});
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(torn).doesNotExist();
        }
    }

    @Test
    void aFileWithTheWrongMagicFailsOpen() throws IOException {
        Files.write(dir.resolve("log.1"), ByteBuffer.allocate(64).putInt(0x5A4B534E).putInt(2).putLong(-1).array());
        assertThatThrownBy(() -> FileTxnLog.open(dir, MAX, 0)).isInstanceOf(IOException.class).hasMessageContaining("magic");
    }

    @Test
    void anEntryLongerThanTheRecordLimitEndsTheLogLikeATornWrite() throws IOException {
        long[] at = writeThreeEntries(0);
        overwrite(log1(), at[2] + 8, ByteBuffer.allocate(4).putInt(MAX + 1).array());
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            assertThat(log.lastZxid()).isEqualTo(2);
        }
    }

    @Test
    void filesWithOtherNamesAreIgnored() throws IOException {
        writeThreeEntries(0);
        Files.write(dir.resolve("log.zz"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("log.4.tmp"), new byte[] {1, 2, 3});
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            assertThat(log.lastZxid()).isEqualTo(3);
            assertThat(readAll(log, 0)).hasSize(3);
        }
        assertThat(List.of(dir.resolve("log.zz"), dir.resolve("log.4.tmp"))).allMatch(Files::exists);
    }
}
