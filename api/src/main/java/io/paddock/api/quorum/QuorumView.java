package io.paddock.api.quorum;

import java.util.Set;

/**
 * The membership a quorum peer runs with: its own sid, who votes, who only observes, and
 * whether a set of sids is a quorum. Majority quorums count voters only (protocol.md section
 * 17); observers never count towards a quorum.
 */
public interface QuorumView {
    long myId();

    /** The sids of the participants, this peer included when it is one. */
    Set<Long> voters();

    /** The sids of the observers. */
    Set<Long> observers();

    /** True when {@code sids} holds a quorum of {@link #voters()}; other sids are ignored. */
    boolean isQuorum(Set<Long> sids);

    /** The version of the configuration (ZooKeeper's {@code version=} line, a zxid in hex). */
    long configVersion();

    /**
     * The membership as {@code /zookeeper/config} shows it and as election notifications and
     * NEWLEADER carry it: a {@code server.N=...} line per member, then {@code version=<hex>}.
     */
    String configText();

    default boolean isVoter(long sid) {
        return voters().contains(sid);
    }
}
