package io.paddock.storage.testkit;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The child process {@link CrashContract} kills with SIGKILL: it opens a backend and writes
 * until killed, printing {@code open <zxid>} once open and then each zxid only after it is
 * durable (the log flushed, or the snapshot written); a snapshot's {@code writing <zxid>} comes
 * as its write begins, a removal's {@code removing <zxid>} as it begins and {@code removed <zxid>}
 * once it is durable. It stops by itself once its parent is gone.
 *
 * <p>Arguments: {@code txns|snapshots|removals <backend class> <dataDir> <dataLogDir>
 * <maxRecordLength> <preallocBytes> <seed>}. The backend class needs a public no-arg constructor.
 */
public final class CrashWriter {
    /** Nodes in each snapshot the writer writes: a few MiB, so that a kill lands mid-write. */
    static final int SNAPSHOT_NODES = 20_000;
    static final int SNAPSHOT_MAX_DATA = 160;

    private final Storage storage;
    private final Random random;
    private final PrintStream out;
    private final Optional<ProcessHandle> parent = ProcessHandle.current().parent();

    private CrashWriter(Storage storage, Random random, PrintStream out) {
        this.storage = storage;
        this.random = random;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: txns|snapshots|removals <backend class> <dataDir> <dataLogDir>"
                    + " <maxRecordLength> <preallocBytes> <seed>");
        }
        StorageBackend backend = (StorageBackend) Class.forName(args[1]).getConstructor().newInstance();
        StorageOptions options = new StorageOptions(Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]),
                Long.parseLong(args[5]));
        try (Storage storage = backend.open(options)) {
            CrashWriter writer = new CrashWriter(storage, new Random(Long.parseLong(args[6])), System.out);
            switch (args[0]) {
                case "txns" -> writer.writeTxns();
                case "snapshots" -> writer.writeSnapshots();
                case "removals" -> writer.writeAndRemoveSnapshots();
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private boolean parentAlive() {
        return parent.map(ProcessHandle::isAlive).orElse(false);
    }

    private void acknowledge(String line) {
        out.println(line);
        out.flush();
    }

    /** Batches of 1 to 200 entries, each flushed before its zxids are printed, with rolls in between. */
    private void writeTxns() throws IOException {
        TxnLog log = storage.txnLog();
        long zxid = log.lastZxid();
        acknowledge("open " + zxid);
        while (parentAlive()) {
            int size = 1 + random.nextInt(random.nextInt(8) == 0 ? 200 : 20);
            long first = zxid + 1;
            for (int i = 0; i < size; i++) {
                zxid++;
                log.append(SampleTxns.crashEntry(zxid));
            }
            log.flush();
            StringBuilder acks = new StringBuilder();
            for (long z = first; z <= zxid; z++) {
                acks.append(z).append('\n');
            }
            out.print(acks);
            out.flush();
            if (random.nextInt(4) == 0) {
                log.roll();
            }
        }
    }

    /** Snapshots at increasing zxids, each printed once written, keeping the newest two. */
    private void writeSnapshots() throws IOException {
        List<Long> existing = storage.snapshots().list();
        long zxid = existing.isEmpty() ? 0 : existing.get(0);
        acknowledge("open " + zxid);
        while (parentAlive()) {
            zxid++;
            acknowledge("writing " + zxid);
            storage.snapshots().write(zxid, SampleTrees.largeStreamed(zxid, SNAPSHOT_NODES, SNAPSHOT_MAX_DATA));
            acknowledge(Long.toString(zxid));
            if (random.nextBoolean()) {
                storage.snapshots().purge(2);
            }
        }
    }

    /**
     * Small snapshots at increasing zxids, each printed once written, and after every one to four
     * of them a removal of those above a zxid, as a TRUNC would: the newest one to all of them.
     */
    private void writeAndRemoveSnapshots() throws IOException {
        List<Long> existing = storage.snapshots().list();
        long zxid = existing.isEmpty() ? 0 : existing.get(0);
        acknowledge("open " + zxid);
        while (parentAlive()) {
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                zxid++;
                storage.snapshots().write(zxid, SampleTrees.sample(zxid));
                acknowledge(Long.toString(zxid));
            }
            long cut = Math.max(0, zxid - 1 - random.nextInt(count));
            acknowledge("removing " + cut);
            storage.snapshots().removeAfter(cut);
            acknowledge("removed " + cut);
        }
    }
}
