package io.paddock.server.tree;

/**
 * The stored encoding of {@code ephemeralOwner} (protocol.md section 9.2): a session id for
 * session ephemerals, {@code Long.MIN_VALUE} for containers, {@code 0xFF << 56 | ttl} for TTL
 * nodes, 0 for plain persistent nodes.
 */
public final class EphemeralOwner {
    public static final long CONTAINER = Long.MIN_VALUE;
    private static final long EXTENDED_MASK = 0xff00000000000000L;
    private static final long TTL_MASK = 0x000000ffffffffffL;

    private EphemeralOwner() {
    }

    public static long ttl(long ttl) {
        return EXTENDED_MASK | ttl;
    }

    public static boolean isContainer(long owner) {
        return owner == CONTAINER;
    }

    public static boolean isTtl(long owner) {
        return owner != CONTAINER && (owner & EXTENDED_MASK) == EXTENDED_MASK;
    }

    /** The session that owns the node, or 0 if it is not a session ephemeral. */
    public static long session(long owner) {
        return owner == 0 || isContainer(owner) || isTtl(owner) ? 0 : owner;
    }

    public static long ttlMillis(long owner) {
        return owner & TTL_MASK;
    }

    /** What a client's Stat shows: the owning session, else 0. */
    public static long clientView(long owner) {
        return session(owner);
    }
}
