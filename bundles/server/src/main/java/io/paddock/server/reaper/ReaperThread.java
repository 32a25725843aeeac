package io.paddock.server.reaper;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ContainerReaper} every {@code checkIntervalMs} on one named daemon thread,
 * {@code paddock-container-reaper}, as ZooKeeper's ContainerManager runs on its timer. Closing it
 * stops the thread and waits for a pass under way.
 */
public final class ReaperThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaperThread.class);
    static final String NAME = "paddock-container-reaper";
    private static final long STOP_WAIT_MS = 5000;

    private final ScheduledExecutorService executor;

    public ReaperThread(ContainerReaper reaper, long checkIntervalMs, LongSupplier wallClock) {
        if (checkIntervalMs <= 0) {
            throw new IllegalArgumentException("checkIntervalMs must be positive: " + checkIntervalMs);
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, NAME);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                reaper.check(wallClock.getAsLong());
            } catch (RuntimeException e) {
                // A pass that fails is retried at the next interval; an exception escaping here
                // would silently cancel every later pass.
                LOG.error("container reaper pass failed: {}", e.toString(), e);
            }
        }, checkIntervalMs, checkIntervalMs, TimeUnit.MILLISECONDS);
        LOG.info("container reaper checks every {} ms", checkIntervalMs);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {} ms", NAME, STOP_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
