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

    @Override
    public String configText() {
        StringBuilder text = new StringBuilder();
        for (long sid : new java.util.TreeSet<>(voters())) {
            text.append("server.").append(sid).append("=127.0.0.1:").append(2887 + sid).append(':')
                    .append(3887 + sid).append(":participant\n");
        }
        for (long sid : new java.util.TreeSet<>(observers())) {
            text.append("server.").append(sid).append("=127.0.0.1:").append(2887 + sid).append(':')
                    .append(3887 + sid).append(":observer\n");
        }
        return text.append("version=").append(Long.toHexString(configVersion())).toString();
    }
}
