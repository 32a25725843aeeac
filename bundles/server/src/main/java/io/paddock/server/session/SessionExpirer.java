package io.paddock.server.session;

import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A named thread that wakes at every tick bucket and hands expired sessions on. */
public final class SessionExpirer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionExpirer.class);

    private final SessionTracker tracker;
    private final LongConsumer onExpired;
    private final Thread thread;
    private volatile boolean running = true;

    public SessionExpirer(SessionTracker tracker, LongConsumer onExpired) {
        this.tracker = tracker;
        this.onExpired = onExpired;
        this.thread = new Thread(this::run, "paddock-session-expiry");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                synchronized (this) {
                    if (running) {
                        wait(Math.max(1, tracker.millisToNextBucket()));
                    }
                }
                if (running) {
                    tracker.expire().forEach(onExpired::accept);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("session expiry failed: {}", e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
