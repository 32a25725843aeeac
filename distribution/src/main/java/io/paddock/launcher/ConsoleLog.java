package io.paddock.launcher;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The launcher's own few log lines, on stderr in the same shape as slf4j-simple's lines from
 * the bundles (the launcher runs outside the framework and does not load slf4j itself).
 */
final class ConsoleLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final PrintStream out;
    private final boolean debug;

    ConsoleLog(PrintStream out, boolean debug) {
        this.out = out;
        this.debug = debug;
    }

    boolean isDebugEnabled() {
        return debug;
    }

    void debug(String message) {
        if (debug) {
            line("DEBUG", message);
        }
    }

    void info(String message) {
        line("INFO", message);
    }

    void warn(String message) {
        line("WARN", message);
    }

    private void line(String level, String message) {
        out.println(OffsetDateTime.now().format(TIME) + " [" + Thread.currentThread().getName() + "] "
                + level + " io.paddock.launcher - " + message);
    }
}
