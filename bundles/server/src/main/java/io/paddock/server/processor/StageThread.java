package io.paddock.server.processor;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline stage with its own named thread and queue, as each of ZooKeeper's request
 * processors has. The queue is not bounded here: the client port bounds the requests in
 * flight per connection and stops reading a connection that reaches its bound.
 */
abstract class StageThread implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(StageThread.class);
    private static final Request STOP = Request.failed(null, 0, 0, 0, 0);

    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile Throwable failure;

    StageThread(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void processRequest(Request request) {
        queue.add(request);
    }

    /** Handles one request on the stage's thread. */
    protected abstract void handle(Request request) throws Exception;

    /** Called on the stage's thread when its queue is momentarily empty. */
    protected void idle() throws Exception {
    }

    /** Called on the stage's thread when it stops, after every request queued before the stop. */
    protected void stopping() throws Exception {
    }

    protected boolean queueIsEmpty() {
        return queue.isEmpty();
    }

    private void run() {
        try {
            while (true) {
                Request r = queue.poll();
                if (r == null) {
                    idle();
                    r = queue.take();
                }
                if (r == STOP) {
                    stopping();
                    return;
                }
                handle(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            LOG.error("{} stopped: {}", thread.getName(), t.toString(), t);
            onFailure(t);
        }
    }

    /** The stage died of an unexpected error; the server cannot go on with doubtful state. */
    protected void onFailure(Throwable t) {
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void shutdown() {
        queue.add(STOP);
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
