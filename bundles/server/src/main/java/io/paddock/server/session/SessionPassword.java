package io.paddock.server.session;

import java.util.Arrays;
import java.util.Random;

/**
 * A session's password, derived from its id and never stored (protocol.md section 14). It must
 * be the same function on every server and across restarts, so it is ZooKeeper's own:
 * {@code java.util.Random} seeded with {@code id ^ 0xB3415C00}, 16 bytes.
 */
public final class SessionPassword {
    private static final long SECRET = 0xB3415C00L;
    public static final int LENGTH = 16;

    private SessionPassword() {
    }

    public static byte[] of(long sessionId) {
        byte[] p = new byte[LENGTH];
        new Random(sessionId ^ SECRET).nextBytes(p);
        return p;
    }

    public static boolean matches(long sessionId, byte[] passwd) {
        return passwd != null && Arrays.equals(of(sessionId), passwd);
    }
}
