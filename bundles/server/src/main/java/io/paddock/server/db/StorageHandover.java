package io.paddock.server.db;

import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a database between storage backends: a snapshot of it, quiescent at its last zxid, is
 * written into the new backend, which then takes the log from the next zxid on. At start this
 * migrates a database that another backend holds (the operator changed {@code storage}); on a
 * running server it hands the database over without a restart.
 */
public final class StorageHandover {
    private static final Logger LOG = LoggerFactory.getLogger(StorageHandover.class);
    /** ZooKeeper's own directory: a data directory without a marker but with this is file storage's. */
    private static final String FILE_BACKEND = "file";

    private StorageHandover() {
    }

    /**
     * Opens {@code chosen}'s storage and recovers {@code db} from it. If another backend holds the
     * database, it is recovered from there and moved into {@code chosen} first; {@code backends}
     * finds that backend by name (null if it is not installed).
     */
    public static Storage openAndRecover(Database db, StorageBackend chosen, Function<String, StorageBackend> backends,
                                         StorageOptions options) throws IOException {
        String holder = holder(options.dataDir(), chosen.name());
        if (holder.equals(chosen.name())) {
            Storage storage = chosen.open(options);
            try {
                Recovery.recover(db, storage);
                StorageMarker.write(options.dataDir(), chosen.name());
                return storage;
            } catch (IOException | RuntimeException e) {
                closeQuietly(storage, e);
                throw e;
            }
        }
        StorageBackend source = backends.apply(holder);
        if (source == null) {
            throw new IOException("the database in " + options.dataDir() + " is held by the " + holder
                    + " storage backend (see " + StorageMarker.NAME + "), which is not installed; install it to"
                    + " move the database to " + chosen.name() + " storage");
        }
        LOG.info("moving the database in {} from {} storage to {} storage", options.dataDir(), holder, chosen.name());
        long[] epochs;
        try (Storage from = source.open(options)) {
            Recovery.recover(db, from);
            epochs = epochs(from);
        }
        Storage target = chosen.open(options);
        try {
            moveInto(db, target, epochs, chosen.name(), options.dataDir());
            return target;
        } catch (IOException | RuntimeException e) {
            closeQuietly(target, e);
            throw e;
        }
    }

    /**
     * Makes {@code target} hold {@code db}, which must not change meanwhile: a snapshot at its last
     * zxid, no log entry after that zxid, the epochs, and then the marker naming the backend.
     */
    public static void moveInto(Database db, Storage target, long[] epochs, String targetName, Path dataDir)
            throws IOException {
        long zxid = db.lastProcessedZxid();
        target.snapshots().write(zxid, db.snapshotView());
        if (target.txnLog().lastZxid() > zxid) {
            // Left from an earlier stay of the database in this backend; that history went on elsewhere.
            target.txnLog().truncateAfter(zxid);
        }
        if (epochs[0] != QuorumEpochs.NONE) {
            target.epochs().setAccepted(epochs[0]);
        }
        if (epochs[1] != QuorumEpochs.NONE) {
            target.epochs().setCurrent(epochs[1]);
        }
        StorageMarker.write(dataDir, targetName);
        LOG.info("{} storage now holds the database, from snapshot {} ({} nodes)", targetName, Zxid.hex(zxid),
                db.tree().nodeCount());
    }

    /** The epochs {@code storage} holds, to carry over. */
    public static long[] epochs(Storage storage) throws IOException {
        return new long[] {storage.epochs().accepted(), storage.epochs().current()};
    }

    private static String holder(Path dataDir, String chosen) throws IOException {
        String marked = StorageMarker.read(dataDir);
        if (marked != null) {
            return marked;
        }
        // Before any marker: a ZooKeeper data directory, or one of an older Paddock, is the file backend's.
        return Files.isDirectory(dataDir.resolve("version-2")) ? FILE_BACKEND : chosen;
    }

    private static void closeQuietly(Storage storage, Exception cause) {
        try {
            storage.close();
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
