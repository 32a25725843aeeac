package io.paddock.server.cnxn;

import io.paddock.api.quorum.LeaderStatus;
import io.paddock.server.processor.RequestStats;

/** What the four-letter words report of the server as a whole, beyond its database and connections. */
public interface ServerState {
    RequestStats stats();

    /** True once a failed sync made the server refuse every write until it restarts. */
    boolean readOnly();

    /**
     * {@code standalone}, {@code leader}, {@code follower} or {@code observer}, as srvr's Mode
     * and mntr's server_state say it; null while the server serves no clients (a quorum peer
     * looking for its leader, or syncing with it).
     */
    String mode();

    /** The leader's report while this server leads; null otherwise. */
    default LeaderStatus leader() {
        return null;
    }

    /** Learners' syncs waiting on this leader for earlier proposals to commit. */
    default int pendingSyncs() {
        return 0;
    }

    /** The quorum's membership as /zookeeper/config shows it; null for a standalone server. */
    default String membership() {
        return null;
    }
}
