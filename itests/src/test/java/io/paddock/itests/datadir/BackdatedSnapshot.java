package io.paddock.itests.datadir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes the newest snapshot as fuzzy as a snapshot can be: renamed to claim a zxid between the
 * previous snapshot's and its own, it says it began before txns whose effects it already holds,
 * so a server loading it replays them over it (protocol.md section 16.5). Only for snapshots
 * without the 3.9 lastProcessedZxid section (Paddock's), which ZooKeeper would trust over the
 * name.
 */
final class BackdatedSnapshot {

    private BackdatedSnapshot() {
    }

    /** The number of txns the server will replay over state that already has them. */
    static long backdate(Path dataDir) throws IOException {
        Path versionTwo = dataDir.resolve("version-2");
        List<Long> zxids;
        try (Stream<Path> files = Files.list(versionTwo)) {
            zxids = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("snapshot\\.[0-9a-f]+"))
                    .map(n -> Long.parseLong(n.substring("snapshot.".length()), 16)).sorted().toList();
        }
        if (zxids.size() < 2) {
            throw new IllegalStateException("need two snapshots in " + versionTwo + ", found " + zxids);
        }
        long newest = zxids.get(zxids.size() - 1);
        long previous = zxids.get(zxids.size() - 2);
        long claimed = previous + (newest - previous) / 2;
        if (claimed == previous) {
            throw new IllegalStateException("no zxid between snapshots " + previous + " and " + newest);
        }
        Files.move(versionTwo.resolve("snapshot." + Long.toHexString(newest)),
                versionTwo.resolve("snapshot." + Long.toHexString(claimed)));
        return newest - claimed;
    }
}
