package io.paddock.quorum.config;

import java.util.Locale;

/**
 * What a member of the ensemble does (ZooKeeper's {@code LearnerType}): a participant votes in
 * elections and counts towards quorums; an observer only follows the committed txns.
 */
public enum PeerRole {
    PARTICIPANT,
    OBSERVER;

    /** The word ZooKeeper writes after the ports of a server line. */
    public String configWord() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code participant} or {@code observer}, in any case and with surrounding blanks, as
     * ZooKeeper's {@code QuorumServer.getType} and the {@code peerType} key do.
     */
    static PeerRole parse(String word, String key) {
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "participant" -> PARTICIPANT;
            case "observer" -> OBSERVER;
            default -> throw new QuorumConfigException(key + ": unknown peer type '" + word
                    + "' (participant or observer)");
        };
    }
}
