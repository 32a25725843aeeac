package io.paddock.quorum.wire;

/** The types of {@link QuorumPacket}, with ZooKeeper's numbers (protocol.md section 17). */
public final class PacketType {
    public static final int REQUEST = 1;
    public static final int PROPOSAL = 2;
    public static final int ACK = 3;
    public static final int COMMIT = 4;
    public static final int PING = 5;
    public static final int REVALIDATE = 6;
    public static final int SYNC = 7;
    public static final int INFORM = 8;
    public static final int COMMITANDACTIVATE = 9;
    public static final int NEWLEADER = 10;
    public static final int FOLLOWERINFO = 11;
    public static final int UPTODATE = 12;
    public static final int DIFF = 13;
    public static final int TRUNC = 14;
    public static final int SNAP = 15;
    public static final int OBSERVERINFO = 16;
    public static final int LEADERINFO = 17;
    public static final int ACKEPOCH = 18;
    public static final int INFORMANDACTIVATE = 19;

    private static final String[] NAMES = {
        null, "REQUEST", "PROPOSAL", "ACK", "COMMIT", "PING", "REVALIDATE", "SYNC", "INFORM",
        "COMMITANDACTIVATE", "NEWLEADER", "FOLLOWERINFO", "UPTODATE", "DIFF", "TRUNC", "SNAP",
        "OBSERVERINFO", "LEADERINFO", "ACKEPOCH", "INFORMANDACTIVATE",
    };

    private PacketType() {
    }

    /** The type's name; an unknown type reads {@code UNKNOWN<n>}, as ZooKeeper's packet log does. */
    public static String name(int type) {
        return type > 0 && type < NAMES.length ? NAMES[type] : "UNKNOWN" + type;
    }
}
