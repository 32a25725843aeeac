package io.paddock.quorum.role;

import io.paddock.api.quorum.RoleContext;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A role's life on its {@link RoleLoop}: steps run on the loop, and a step that fails ends the
 * role as an exception ends ZooKeeper's {@code lead} or {@code followLeader}; the role ends once,
 * either on its own ({@link #end}: the peer looks for a leader again) or stopped from outside
 * ({@link #close}). Either way the role's own clean-up runs on the loop, then the loop stops.
 */
final class RoleRun {
    private static final Logger LOG = LoggerFactory.getLogger(RoleRun.class);
    private static final long LOOP_TICK_MILLIS = 50;

    /** A step of the role, run on the loop. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    private final String name;
    private final RoleContext context;
    private final RoleLoop loop;
    private final AtomicBoolean over = new AtomicBoolean();
    private final Runnable cleanUp;

    /**
     * @param name    the role as logs name it, "leader 2" or "follower 3"
     * @param tick    run on the loop every tick while the role lasts
     * @param cleanUp run on the loop once when the role ends: stop serving, close links
     */
    RoleRun(String name, RoleContext context, LongConsumer tick, Runnable cleanUp) {
        this.name = name;
        this.context = context;
        this.cleanUp = cleanUp;
        this.loop = new RoleLoop("paddock-" + name.replace(' ', '-'), LOOP_TICK_MILLIS,
                now -> {
                    if (!over.get()) {
                        guarded(() -> tick.accept(now));
                    }
                });
    }

    /** Starts the loop with {@code first} as its first step. */
    void start(Step first) {
        loop.start();
        post(first);
    }

    /** Runs {@code step} on the loop, after those posted before it. */
    void post(Step step) {
        loop.post(() -> guarded(step));
    }

    boolean over() {
        return over.get();
    }

    private void guarded(Step step) {
        if (over.get()) {
            return;
        }
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} failed: {}", name, e.toString(), e);
            end(e.toString());
        }
    }

    /** The role is over on its own (on the loop): clean up, and let the peer look again. */
    void end(String reason) {
        if (over.compareAndSet(false, true)) {
            LOG.info("{} ends: {}", name, reason);
            cleanUp.run();
            loop.close();
            context.ended(reason);
        }
    }

    /** Stops the role from outside; returns once its loop has stopped (bounded). */
    void close() {
        if (over.compareAndSet(false, true)) {
            loop.post(cleanUp);
            loop.close();
        }
    }
}
