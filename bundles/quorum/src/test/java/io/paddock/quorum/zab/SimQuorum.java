package io.paddock.quorum.zab;

import io.paddock.quorum.config.QuorumMembership;

/** Memberships for the tests: voters 1..v on loopback, then the observers, as a zoo.cfg would list them. */
final class SimQuorum {
    private SimQuorum() {
    }

    static QuorumMembership of(long myId, int voters, int observers) {
        StringBuilder text = new StringBuilder();
        for (long sid = 1; sid <= voters + observers; sid++) {
            text.append("server.").append(sid).append("=127.0.0.1:").append(2887 + sid).append(':')
                    .append(3887 + sid).append(sid <= voters ? ":participant\n" : ":observer\n");
        }
        return QuorumMembership.fromConfigText(myId, text.append("version=0").toString());
    }
}
