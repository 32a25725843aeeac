package io.paddock.quorum.zab;

import io.paddock.api.quorum.QuorumView;
import java.util.Set;

/** A majority quorum for the simulated ensemble. */
record SimQuorum(long myId, Set<Long> voters, Set<Long> observers) implements QuorumView {
    SimQuorum as(long sid) {
        return new SimQuorum(sid, voters, observers);
    }

    @Override
    public boolean isQuorum(Set<Long> sids) {
        return sids.stream().filter(voters::contains).count() > voters.size() / 2;
    }

    @Override
    public long configVersion() {
        return 0;
    }
}
