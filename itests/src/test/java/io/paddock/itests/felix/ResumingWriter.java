package io.paddock.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session creating sequential nodes one after the other until stopped. When the connection
 * drops it reconnects and resumes the session, as the stock client would; a create cut off by the
 * drop is not counted. The replies it got must all be successes, in ever-growing order.
 */
final class ResumingWriter implements Runnable {
    private static final int SEQUENTIAL = 2;

    private final int port;
    private final String prefix;
    private final List<RawSession.Reply> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this, "resuming-writer");
    private volatile RawSession session;
    private volatile long sessionId;
    private volatile int reconnects;
    private volatile Exception failure;

    private ResumingWriter(int port, String prefix) {
        this.port = port;
        this.prefix = prefix;
    }

    static ResumingWriter start(int port, String prefix) throws IOException {
        ResumingWriter w = new ResumingWriter(port, prefix);
        w.session = RawSession.open(port);
        w.sessionId = w.session.sessionId();
        w.thread.start();
        return w;
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                try {
                    acknowledged.add(session.create(prefix, SEQUENTIAL));
                } catch (IOException dropped) {
                    reconnect();
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            try {
                session.close();
            } catch (IOException ignored) {
                // closing a socket that is gone
            }
        }
    }

    private void reconnect() throws Exception {
        reconnects++;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (running.get()) {
            try {
                session = session.resume(port);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    int reconnects() {
        return reconnects;
    }

    /** Stops, then checks every reply was a success and names and zxids only grew; returns them. */
    List<RawSession.Reply> stopAndCheck() throws Exception {
        running.set(false);
        thread.join(20_000);
        if (failure != null) {
            throw failure;
        }
        String previous = "";
        long previousZxid = 0;
        for (RawSession.Reply r : acknowledged) {
            assertEquals("every create succeeded", 0, r.err());
            assertTrue("names grow: " + previous + " then " + r.path(), r.path().compareTo(previous) > 0);
            assertTrue("zxids grow", r.zxid() > previousZxid);
            previous = r.path();
            previousZxid = r.zxid();
        }
        assertEquals("the session survived", sessionId, session.sessionId());
        return acknowledged;
    }
}
