package io.paddock.server.db;

import io.paddock.api.storage.Storage;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's autopurge: every {@code autopurge.purgeInterval} it keeps the newest
 * {@code autopurge.snapRetainCount} snapshots and the logs that replay over the oldest of them
 * still needs, and removes the rest.
 */
public final class Purger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Purger.class);

    private Storage storage;
    private final int retain;
    private final ScheduledExecutorService timer;

    /** Purges every {@code interval}; a zero interval never purges, as in ZooKeeper. */
    public Purger(Storage storage, int retain, Duration interval) {
        this.storage = storage;
        this.retain = retain;
        if (interval.isZero() || interval.isNegative()) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paddock-purge");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::purgeLogged, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("purging all but the newest {} snapshots every {}", retain, interval);
    }

    private void purgeLogged() {
        try {
            purge();
        } catch (IOException | RuntimeException e) {
            // Old files only cost disk space; the next round tries again.
            LOG.error("purging old snapshots and logs failed: {}", e.toString(), e);
        }
    }

    /** One purge, now. */
    public synchronized void purge() throws IOException {
        OptionalLong oldest = storage.snapshots().purge(retain);
        if (oldest.isPresent()) {
            storage.txnLog().purgeThrough(oldest.getAsLong());
            LOG.debug("purged snapshots and logs older than snapshot {}", Zxid.hex(oldest.getAsLong()));
        }
    }

    /** Purges {@code next} from now on; a purge running on the old storage finishes first. */
    public synchronized void switchTo(Storage next) {
        storage = next;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
