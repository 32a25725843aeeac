package io.paddock.server.command;

/** Shared wording of the commands. */
final class ServerText {
    static final String NOT_RUNNING = "no Paddock server is running (is the io.paddock.server configuration there?"
            + " see paddock:transport, paddock:storage and the log)";

    private ServerText() {
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
