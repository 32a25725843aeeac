package io.paddock.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a directory's entries (a created, renamed or removed file) durable. */
final class DirectorySync {
    private static final boolean SUPPORTED = !System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    private DirectorySync() {
    }

    static void force(Path dir) throws IOException {
        // Windows cannot open a directory as a channel; NTFS journals the metadata itself.
        if (SUPPORTED) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }
}
