package io.paddock.server.db;

import io.paddock.api.storage.SnapshotStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes fuzzy snapshots in the background, one at a time, while writes go on. A request made
 * while one is running is dropped: the next log roll asks again.
 */
public final class Snapshotter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final Database db;
    private volatile SnapshotStore store;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "paddock-snapshot");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();

    public Snapshotter(Database db, SnapshotStore store) {
        this.db = db;
        this.store = store;
    }

    public void trigger() {
        if (!running.compareAndSet(false, true)) {
            LOG.warn("a snapshot is still being written; skipping this one");
            return;
        }
        executor.execute(() -> {
            SnapshotStore store = this.store;
            long zxid = db.lastProcessedZxid();
            long start = System.nanoTime();
            try {
                store.write(zxid, db.snapshotView());
                LOG.info("wrote snapshot 0x{} in {} ms", Long.toHexString(zxid), (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                // The log still holds everything; a failed snapshot only lengthens the next start.
                LOG.error("snapshot 0x{} failed: {}", Long.toHexString(zxid), e.toString(), e);
            } finally {
                running.set(false);
            }
        });
    }

    /**
     * Runs {@code task} on the snapshot thread, after any snapshot being written: the database
     * can be replaced or reloaded there without a snapshot reading it halfway. Returns once it ran.
     */
    public <T> T exclusive(Callable<T> task) throws IOException {
        try {
            return executor.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the snapshot thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Takes the next snapshots into {@code next}, once a snapshot being written is done. */
    public void switchTo(SnapshotStore next) {
        try {
            executor.submit(() -> store = next).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store = next;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("snapshot still running after 30 s; abandoning it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
