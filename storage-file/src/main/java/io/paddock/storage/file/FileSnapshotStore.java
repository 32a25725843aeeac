package io.paddock.storage.file;

import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotSink;
import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as ZooKeeper's FileSnap keeps them (protocol.md section 16.5): uncompressed files
 * {@code snapshot.<hex zxid>}, each written to a temporary file, synced and renamed into place.
 */
final class FileSnapshotStore implements SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(FileSnapshotStore.class);

    /** Temporary files do not start with "snapshot.", so no ZooKeeper reader mistakes one for a snapshot. */
    private static final String TEMP_PREFIX = ".tmp-snapshot.";

    private final Path dir;
    private final int maxRecordLength;

    FileSnapshotStore(Path dir, int maxRecordLength) throws IOException {
        this.dir = dir;
        this.maxRecordLength = maxRecordLength;
        removeTemporaryFiles();
    }

    private void removeTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path t : temps) {
                log.info("removing {}, left by a snapshot that was being written when the server stopped", t);
                Files.delete(t);
            }
        }
    }

    @Override
    public void write(long zxid, SnapshotData data) throws IOException {
        String name = ZxidFile.name(ZxidFile.SNAPSHOT_PREFIX, zxid);
        Path temp = dir.resolve(TEMP_PREFIX + Long.toHexString(zxid));
        Path file = dir.resolve(name);
        try {
            long nodes = new SnapshotFileWriter().write(temp, data);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DirectorySync.force(dir);
            log.info("wrote snapshot {} ({} nodes, {} sessions)", file, nodes, data.sessions().size());
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public OptionalLong loadNewest(SnapshotSink sink) throws IOException {
        List<ZxidFile> snapshots = ZxidFile.list(dir, ZxidFile.SNAPSHOT_PREFIX);
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            ZxidFile snap = snapshots.get(i);
            // The sink cannot take back what it was given, so a snapshot is checked whole before any of it is loaded.
            Optional<String> damage = SnapshotSeal.findDamage(snap.path());
            if (damage.isPresent()) {
                log.warn("skipping snapshot {}: {}", snap.path(), damage.get());
                continue;
            }
            refuseNewerCompressed(snap.zxid());
            try {
                new SnapshotFileReader(maxRecordLength).read(snap.path(), sink);
            } catch (RuntimeException e) {
                throw new IOException("snapshot " + snap.path() + " is sealed but malformed: " + e.getMessage(), e);
            }
            log.info("loaded snapshot {}", snap.path());
            return OptionalLong.of(snap.zxid());
        }
        refuseNewerCompressed(-1);
        return OptionalLong.empty();
    }

    /**
     * ZooKeeper 3.6+ may write {@code snapshot.<hex>.gz} or {@code .snappy}, which this store does
     * not read. Loading an older snapshot instead could silently miss data whose logs are purged.
     */
    private void refuseNewerCompressed(long zxid) throws IOException {
        for (ZxidFile f : compressed()) {
            if (f.zxid() > zxid) {
                String name = f.path().getFileName().toString();
                throw new IOException("snapshot " + f.path() + " is compressed ("
                        + name.substring(name.lastIndexOf('.') + 1) + "), which this storage cannot read; restart"
                        + " ZooKeeper once with zookeeper.snapshot.compression.method unset to write an uncompressed one");
            }
        }
    }

    /** ZooKeeper's compressed snapshots in the directory, with the zxid of their name. */
    private List<ZxidFile> compressed() throws IOException {
        List<ZxidFile> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ZxidFile.SNAPSHOT_PREFIX + ".*.*")) {
            for (Path p : entries) {
                String[] parts = p.getFileName().toString().split("\\.");
                if (parts.length == 3 && (parts[2].equals("gz") || parts[2].equals("snappy"))) {
                    Long z = ZxidFile.parse(parts[0] + "." + parts[1], ZxidFile.SNAPSHOT_PREFIX);
                    if (z != null) {
                        found.add(new ZxidFile(p, z));
                    }
                }
            }
        }
        return found;
    }

    @Override
    public List<Long> list() throws IOException {
        List<Long> zxids = new ArrayList<>();
        for (ZxidFile f : ZxidFile.list(dir, ZxidFile.SNAPSHOT_PREFIX)) {
            zxids.add(0, f.zxid());
        }
        return zxids;
    }

    /**
     * Keeps the newest {@code retain} snapshots that pass the quick validity check and removes
     * every snapshot older than the oldest of them, as ZooKeeper's PurgeTxnLog does.
     */
    @Override
    public OptionalLong purge(int retain) throws IOException {
        if (retain < 1) {
            throw new IllegalArgumentException("at least one snapshot must be retained, not " + retain);
        }
        List<ZxidFile> snapshots = ZxidFile.list(dir, ZxidFile.SNAPSHOT_PREFIX);
        int valid = 0;
        int oldestKept = -1;
        for (int i = snapshots.size() - 1; i >= 0 && valid < retain; i--) {
            if (SnapshotSeal.endsWithSeal(snapshots.get(i).path())) {
                valid++;
                oldestKept = i;
            }
        }
        if (oldestKept < 0) {
            return OptionalLong.empty();
        }
        OptionalLong oldest = OptionalLong.of(snapshots.get(oldestKept).zxid());
        if (oldestKept == 0) {
            return oldest;
        }
        for (ZxidFile f : snapshots.subList(0, oldestKept)) {
            Files.delete(f.path());
            log.debug("purged snapshot {}", f.path());
        }
        DirectorySync.force(dir);
        log.info("purged {} snapshots older than {}", oldestKept, Zxid.hex(snapshots.get(oldestKept).zxid()));
        return oldest;
    }

    /**
     * Compressed snapshots go too: this store cannot load them, but they hold the cut txns all the
     * same, and one left newer than what remains would make {@link #loadNewest} refuse to start.
     * Each file goes whole (unlinking is atomic) and one directory sync makes it all durable. The
     * sync runs even when nothing is left to remove: a call that crashed may have unlinked files
     * it never synced.
     */
    @Override
    public void removeAfter(long zxid) throws IOException {
        List<ZxidFile> newer = new ArrayList<>(ZxidFile.list(dir, ZxidFile.SNAPSHOT_PREFIX));
        newer.addAll(compressed());
        newer.removeIf(f -> f.zxid() <= zxid);
        for (ZxidFile f : newer) {
            Files.deleteIfExists(f.path());
            log.debug("removed snapshot {}", f.path());
        }
        DirectorySync.force(dir);
        if (!newer.isEmpty()) {
            log.info("removed {} snapshots newer than {}", newer.size(), Zxid.hex(zxid));
        }
    }
}
