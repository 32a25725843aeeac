package io.paddock.api.election;

/**
 * A quorum peer's state, with the numeric code ZooKeeper's election messages carry
 * (protocol.md section 17: LOOKING 0, FOLLOWING 1, LEADING 2, OBSERVING 3).
 */
public enum PeerState {
    LOOKING(0),
    FOLLOWING(1),
    LEADING(2),
    OBSERVING(3);

    private final int code;

    PeerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state with this code; any other code is refused, as ZooKeeper drops such messages. */
    public static PeerState of(int code) {
        return switch (code) {
            case 0 -> LOOKING;
            case 1 -> FOLLOWING;
            case 2 -> LEADING;
            case 3 -> OBSERVING;
            default -> throw new IllegalArgumentException("unknown peer state code " + code);
        };
    }
}
