package io.paddock.quorum.role;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a role's protocol state machine runs on: events from links, the log and the
 * server are posted here and run in order, and the clock ticks every {@code tickMillis}. The
 * state machine therefore never needs a lock.
 */
public final class RoleLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleLoop.class);
    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final long tickMillis;
    private final LongConsumer tick;

    /** @param tick called with the monotonic time in milliseconds, at least every {@code tickMillis} */
    public RoleLoop(String name, long tickMillis, LongConsumer tick) {
        this.tickMillis = tickMillis;
        this.tick = tick;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code task} on the loop, after those posted before it. */
    public void post(Runnable task) {
        tasks.add(task);
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Monotonic milliseconds, the time the state machines are fed. */
    public static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void run() {
        long nextTick = now();
        try {
            while (true) {
                long wait = nextTick - now();
                Runnable task = wait > 0 ? tasks.poll(wait, TimeUnit.MILLISECONDS) : tasks.poll();
                if (task == STOP) {
                    return;
                }
                if (task != null) {
                    task.run();
                }
                long now = now();
                if (now >= nextTick) {
                    nextTick = now + tickMillis;
                    tick.accept(now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("{} stopped: {}", thread.getName(), e.toString(), e);
        }
    }

    /** Stops after the tasks posted so far; joins the thread for at most 10 s. */
    @Override
    public void close() {
        tasks.add(STOP);
        if (inLoop()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within 10 s; interrupting it", thread.getName());
            thread.interrupt();
        }
    }
}
