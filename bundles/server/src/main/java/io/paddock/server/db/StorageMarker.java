package io.paddock.server.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Which storage backend holds a data directory's database: the file {@value #NAME} in dataDir,
 * holding the backend's name. Moving the database to another backend rewrites it as the last
 * step, so a crash before that leaves the old backend in charge. ZooKeeper ignores the file.
 */
public final class StorageMarker {
    static final String NAME = "paddock.storage";

    private StorageMarker() {
    }

    /** The backend named in {@code dataDir}, or null if none is. */
    public static String read(Path dataDir) throws IOException {
        try {
            String name = Files.readString(dataDir.resolve(NAME), StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? null : name;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static void write(Path dataDir, String backend) throws IOException {
        Files.createDirectories(dataDir);
        Path temp = dataDir.resolve(NAME + ".tmp");
        Files.writeString(temp, backend, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(temp, dataDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
