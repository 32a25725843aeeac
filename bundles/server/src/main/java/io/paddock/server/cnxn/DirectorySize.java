package io.paddock.server.cnxn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Bytes in the regular files of a directory's version-2 folder, as dirs and conf report it. */
final class DirectorySize {
    private DirectorySize() {
    }

    static long of(Path dir) {
        Path v2 = dir.resolve("version-2");
        if (!Files.isDirectory(v2)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(v2)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
