package io.paddock.server.cnxn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Open file descriptors of this process, from /proc (Linux). The JDK's own figure lives in
 * com.sun.management, which an OSGi framework does not export by default.
 */
final class OpenFiles {
    private OpenFiles() {
    }

    /** The soft limit on open files ("Max open files" in /proc/self/limits), or -1 if unknown. */
    static long limit() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            return lines.filter(l -> l.startsWith("Max open files")).findFirst()
                    .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                    .filter(v -> v.chars().allMatch(Character::isDigit)).map(Long::parseLong).orElse(-1L);
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The count, or -1 where /proc is not there. */
    static long count() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
