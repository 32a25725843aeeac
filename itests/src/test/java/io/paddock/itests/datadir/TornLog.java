package io.paddock.itests.datadir;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Leaves a data dir as a crash in the middle of an append would: the newest txn log ends halfway
 * through its last entry. Entries are walked as protocol.md section 16.3 lays them out
 * (checksum, length, payload, 'B'), up to the zero length of the padding or the end of the file.
 */
final class TornLog {
    private static final int FILE_HEADER_BYTES = 16;
    private static final int ENTRY_HEAD_BYTES = 8 + 4;

    private TornLog() {
    }

    /** Cuts the newest log in the middle of its last entry's payload; returns the file. */
    static Path tearLastEntry(Path dataDir) throws IOException {
        Path log = newestLog(dataDir.resolve("version-2"));
        long lastEntry = -1;
        int lastLength = 0;
        try (InputStream in = Files.newInputStream(log); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(FILE_HEADER_BYTES);
            long offset = FILE_HEADER_BYTES;
            while (true) {
                int length;
                try {
                    data.readLong();
                    length = data.readInt();
                } catch (EOFException e) {
                    break;
                }
                if (length == 0) {
                    break;
                }
                data.skipNBytes(length + 1L);
                lastEntry = offset;
                lastLength = length;
                offset += ENTRY_HEAD_BYTES + length + 1;
            }
        }
        if (lastEntry < 0) {
            throw new IllegalStateException(log + " holds no entry to tear");
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(lastEntry + ENTRY_HEAD_BYTES + lastLength / 2);
        }
        return log;
    }

    private static Path newestLog(Path versionTwo) throws IOException {
        try (Stream<Path> files = Files.list(versionTwo)) {
            return files.filter(f -> f.getFileName().toString().startsWith("log."))
                    .max(Comparator.comparingLong(f -> Long.parseUnsignedLong(
                            f.getFileName().toString().substring("log.".length()), 16)))
                    .orElseThrow(() -> new IllegalStateException("no txn log in " + versionTwo));
        }
    }
}
