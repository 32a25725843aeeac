package io.paddock.itests.datadir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The snapshot and log files in a data dir's {@code version-2} (protocol.md section 16.1). */
record DataDirFiles(List<String> snapshots, List<String> logs) {

    static DataDirFiles in(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("version-2"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            return new DataDirFiles(names.stream().filter(n -> n.startsWith("snapshot.")).toList(),
                    names.stream().filter(n -> n.startsWith("log.")).toList());
        }
    }
}
