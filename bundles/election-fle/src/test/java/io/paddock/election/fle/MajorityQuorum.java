package io.paddock.election.fle;

import io.paddock.api.quorum.QuorumView;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** A majority quorum as the quorum peer would give it to the election; sorted for repeatable runs. */
record MajorityQuorum(long myId, SortedSet<Long> voters, SortedSet<Long> observers, long configVersion)
        implements QuorumView {

    static MajorityQuorum of(long myId, Set<Long> voters, Set<Long> observers) {
        return new MajorityQuorum(myId, new TreeSet<>(voters), new TreeSet<>(observers), 0);
    }

    MajorityQuorum withMyId(long sid) {
        return new MajorityQuorum(sid, voters, observers, configVersion);
    }

    @Override
    public boolean isQuorum(Set<Long> sids) {
        return sids.stream().filter(voters::contains).count() > voters.size() / 2;
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
