package io.paddock.storage.file;

import static io.paddock.storage.file.Txns.MAX;
import static io.paddock.storage.file.Txns.create;
import static io.paddock.storage.file.Txns.readAll;
import static io.paddock.storage.file.Txns.zxids;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed write leaves (a full disk): buffered entries, or part of one on disk. Truncating
 * back to the last durable zxid must drop all of it without trying to write it again, so that
 * appends go on once there is room.
 */
class FileTxnLogWriteFailureTest {
    @TempDir
    Path dir;

    @Test
    void truncatingToTheLastFlushDropsUnflushedEntriesWithoutWritingThem() throws IOException {
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            log.append(create(1));
            log.append(create(2));
            log.flush();
            log.append(create(3));
            log.append(create(4));
            log.truncateAfter(2);
            assertThat(log.lastZxid()).isEqualTo(2);
            log.append(create(3, "/again"));
            log.flush();
        }
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            assertThat(readAll(log, 0)).extracting(e -> e.zxid()).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void partOfAnEntryLeftOnDiskByAFailedWriteIsCutOff() throws IOException {
        Path first = dir.resolve("log.1");
        long end;
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            log.append(create(1));
            log.append(create(2));
            log.flush();
            end = Files.size(first);
            // As if the write of entry 3 had stopped after its first bytes.
            try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0x12, 0x34, 0, 0, 0, 0x40, 1, 2}), end);
            }
            log.truncateAfter(2);
            assertThat(Files.size(first)).isEqualTo(end);
            log.append(create(3));
            log.flush();
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L);
        }
        try (FileTxnLog log = FileTxnLog.open(dir, MAX, 0)) {
            assertThat(zxids(readAll(log, 0))).containsExactly(1L, 2L, 3L);
        }
    }
}
