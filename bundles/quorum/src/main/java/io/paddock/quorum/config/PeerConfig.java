package io.paddock.quorum.config;

import java.util.List;

/**
 * What a configuration asks this server to be: standalone, or a peer of an ensemble. ZooKeeper
 * runs standalone when no participant is listed, or exactly one is and {@code standaloneEnabled}
 * is true (the default); see QUORUM-FACTS.md, "Standalone or quorum".
 */
public sealed interface PeerConfig {
    /** Where clients connect, or null when the configuration names no client port. */
    HostPort clientAddress();

    /** Things ZooKeeper logs a warning about and carries on (for the caller to log). */
    List<String> warnings();

    record Standalone(HostPort clientAddress, List<String> warnings) implements PeerConfig {
        public Standalone {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A peer of an ensemble. {@code tickTime} is in milliseconds; {@code initLimit} and
     * {@code syncLimit} are in ticks. {@code membership.myId()} is this peer, always a member.
     */
    record Quorum(QuorumMembership membership, HostPort clientAddress, int tickTime, int initLimit,
            int syncLimit, boolean quorumListenOnAllIps, boolean multiAddressEnabled, List<String> warnings)
            implements PeerConfig {
        public Quorum {
            warnings = List.copyOf(warnings);
            if (membership.member(membership.myId()) == null) {
                throw new IllegalArgumentException("sid " + membership.myId() + " is not a member");
            }
        }

        /** This peer's role, from its own server line (which wins over {@code peerType}). */
        public PeerRole role() {
            return membership.member(membership.myId()).role();
        }

        public long myId() {
            return membership.myId();
        }
    }
}
