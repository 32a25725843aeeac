package io.paddock.server.cnxn;

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
}
