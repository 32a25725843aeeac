package io.paddock.api.election;

import java.util.Objects;

/**
 * A vote: the sid of the proposed leader, the last zxid and accepted epoch it stands for, the
 * election round ({@code electionEpoch}) it was cast in, and the state of the peer casting it.
 */
public record Vote(long leader, long zxid, long electionEpoch, long peerEpoch, PeerState state) {
    public Vote {
        Objects.requireNonNull(state, "state");
    }
}
