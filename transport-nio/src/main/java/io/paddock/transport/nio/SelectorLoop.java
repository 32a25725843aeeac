package io.paddock.transport.nio;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector and the thread that owns it. Every channel registered here is read, written
 * and closed only on this thread, so a connection's events are serial without locks. Other
 * threads reach a channel by {@link #execute queuing a task}.
 */
final class SelectorLoop {
    private static final Logger log = LoggerFactory.getLogger(SelectorLoop.class);

    /** What a registered key's attachment does when the selector reports it ready. */
    interface Endpoint {
        void onReady(SelectionKey key);

        /** The loop is stopping: close now, telling the handler. */
        void onLoopShutdown();
    }

    private enum State { RUNNING, STOPPING, TERMINATED }

    private final Selector selector;
    private final Thread thread;
    private final Object lock = new Object();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by lock
    private State state = State.RUNNING; // guarded by lock

    SelectorLoop(String threadName) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Queues a task to run on this loop's thread, after every task queued before it.
     *
     * @return false if the loop has terminated and the task will never run
     */
    boolean execute(Runnable task) {
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return false;
            }
            tasks.add(task);
        }
        if (!inLoop()) {
            // A task queued from the loop itself runs before the next select; others must wake it.
            selector.wakeup();
        }
        return true;
    }

    /** Registers a channel; only on this loop's thread. */
    SelectionKey register(SelectableChannel channel, int ops, Endpoint endpoint) throws ClosedChannelException {
        assert inLoop();
        return channel.register(selector, ops, endpoint);
    }

    /**
     * Stops the loop: tasks already queued still run, then every endpoint still registered is
     * closed. Waits at most {@code timeout} for the thread to end.
     */
    void shutdown(Duration timeout) {
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.STOPPING;
            }
        }
        if (thread.getState() == Thread.State.NEW) {
            // Never started: nothing registered, nothing to run.
            terminate();
            return;
        }
        selector.wakeup();
        if (inLoop()) {
            return; // the loop ends after the current task; it cannot join itself
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{} did not stop within {} ms; a handler may be blocking it", thread.getName(),
                    timeout.toMillis());
        }
    }

    private void run() {
        log.debug("{} started", thread.getName());
        try {
            while (true) {
                boolean more = runTasks();
                if (isStopping()) {
                    break;
                }
                if (more) {
                    selector.selectNow();
                } else {
                    selector.select();
                }
                processSelectedKeys();
            }
        } catch (IOException e) {
            // Only the selector itself throws here: the loop cannot go on.
            log.error("{} failed; closing its connections", thread.getName(), e);
        } finally {
            terminate();
        }
        log.debug("{} stopped", thread.getName());
    }

    private boolean isStopping() {
        synchronized (lock) {
            return state != State.RUNNING;
        }
    }

    /** Runs the tasks queued so far; returns whether more were queued meanwhile. */
    private boolean runTasks() {
        int count;
        synchronized (lock) {
            count = tasks.size();
        }
        for (int i = 0; i < count; i++) {
            Runnable task;
            synchronized (lock) {
                task = tasks.poll();
            }
            runSafely(task);
        }
        synchronized (lock) {
            return !tasks.isEmpty();
        }
    }

    private void processSelectedKeys() {
        Set<SelectionKey> selected = selector.selectedKeys();
        if (selected.isEmpty()) {
            return;
        }
        List<SelectionKey> ready = new ArrayList<>(selected);
        selected.clear();
        for (SelectionKey key : ready) {
            if (key.isValid()) {
                Endpoint endpoint = (Endpoint) key.attachment();
                runSafely(() -> endpoint.onReady(key));
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // Endpoints handle their own failures; this keeps a bug in one from stopping the loop.
            log.error("unexpected failure on {}", thread.getName(), e);
        }
    }

    /** Refuses new tasks, runs the queued ones, closes what is still registered, closes the selector. */
    private void terminate() {
        List<Runnable> remaining;
        synchronized (lock) {
            state = State.TERMINATED;
            remaining = new ArrayList<>(tasks);
            tasks.clear();
        }
        remaining.forEach(this::runSafely);
        if (selector.isOpen()) {
            for (SelectionKey key : new ArrayList<>(selector.keys())) {
                Endpoint endpoint = (Endpoint) key.attachment();
                runSafely(endpoint::onLoopShutdown);
            }
            try {
                selector.close();
            } catch (IOException e) {
                log.warn("closing the selector of {} failed", thread.getName(), e);
            }
        }
    }
}
