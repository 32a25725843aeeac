package io.paddock.launcher;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The {@code paddock.fatal} service: a bundle that cannot go on (its client port is taken,
 * its log is corrupt) hands it a one-line message, and the launcher ends the process with
 * status 1 after stopping the framework.
 *
 * <p>{@link #accept} only records, prints and asks the framework to stop: it is called from
 * a bundle's own thread, often inside an activation, which must not block on the framework
 * stopping it. The stop is bounded by a watchdog thread; the normal exit path is the
 * launcher's main thread seeing the framework stop and {@link #message()} set.
 */
final class FatalErrorService implements Consumer<String> {

    private final AtomicReference<String> message = new AtomicReference<>();
    private final PrintStream err;
    private final Runnable stop;

    /**
     * @param err where the one line goes
     * @param stop stops the framework, bounded, then ends the process; run on its own thread
     */
    FatalErrorService(PrintStream err, Runnable stop) {
        this.err = err;
        this.stop = stop;
    }

    @Override
    public void accept(String text) {
        String line = text == null || text.isBlank() ? "fatal error" : text.strip().replaceAll("\\s*\\R\\s*", " ");
        if (!message.compareAndSet(null, line)) {
            return;
        }
        err.println("paddock: " + line);
        err.flush();
        Thread stopper = new Thread(stop, "paddock-fatal-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** The first fatal message, or null if there was none. */
    String message() {
        return message.get();
    }
}
