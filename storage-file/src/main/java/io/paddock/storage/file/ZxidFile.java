package io.paddock.storage.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A file named {@code <prefix>.<hex zxid>}, as ZooKeeper names logs and snapshots
 * (protocol.md section 16.1). Files are ordered by the zxid in their name.
 */
record ZxidFile(Path path, long zxid) {
    static final String LOG_PREFIX = "log";
    static final String SNAPSHOT_PREFIX = "snapshot";

    static String name(String prefix, long zxid) {
        return prefix + "." + Long.toHexString(zxid);
    }

    /** The files in {@code dir} named {@code <prefix>.<hex>}, lowest zxid first; others are ignored. */
    static List<ZxidFile> list(Path dir, String prefix) throws IOException {
        List<ZxidFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + ".*")) {
            for (Path p : entries) {
                Long zxid = parse(p.getFileName().toString(), prefix);
                if (zxid != null && Files.isRegularFile(p)) {
                    files.add(new ZxidFile(p, zxid));
                }
            }
        }
        files.sort(Comparator.comparingLong(ZxidFile::zxid));
        return files;
    }

    /** The zxid in a name of the form {@code <prefix>.<hex>}, or null if the name has another form. */
    static Long parse(String fileName, String prefix) {
        String[] parts = fileName.split("\\.");
        if (parts.length != 2 || !parts[0].equals(prefix)) {
            return null;
        }
        try {
            return Long.parseLong(parts[1], 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
