package io.paddock.election.fle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VoteOrderTest {
    private static Vote vote(long sid, long zxid, long peerEpoch) {
        return new Vote(sid, zxid, 1, peerEpoch, PeerState.LOOKING);
    }

    @ParameterizedTest(name = "({0},{1},{2}) vs ({3},{4},{5}) -> {6}")
    @CsvSource({
        // candidate sid, zxid, peerEpoch | current sid, zxid, peerEpoch | beats
        "1, 0x100, 2,   3, 0x900, 1,   true",   // higher peerEpoch wins whatever the zxid and sid
        "3, 0x900, 1,   1, 0x100, 2,   false",  // lower peerEpoch loses whatever the zxid and sid
        "1, 0x200, 2,   3, 0x100, 2,   true",   // same epoch: higher zxid wins over a higher sid
        "3, 0x100, 2,   1, 0x200, 2,   false",
        "3, 0x100, 2,   1, 0x100, 2,   true",   // same epoch and zxid: higher sid wins
        "1, 0x100, 2,   3, 0x100, 2,   false",
        "2, 0x100, 2,   2, 0x100, 2,   false",  // a vote does not beat itself
    })
    void ordersByPeerEpochThenZxidThenSid(long cSid, String cZxid, long cEpoch,
                                          long sid, String zxid, long epoch, boolean beats) {
        Vote candidate = vote(cSid, Long.decode(cZxid), cEpoch);
        Vote current = vote(sid, Long.decode(zxid), epoch);

        assertThat(VoteOrder.majority().beats(candidate, current)).isEqualTo(beats);
    }

    @Test
    void aCandidateOfWeightZeroNeverWins() {
        VoteOrder order = new VoteOrder(sid -> sid == 9 ? 0 : 1);

        assertThat(order.beats(vote(9, 0x999, 9), vote(1, 0, 0))).isFalse();
        assertThat(order.beats(vote(1, 0x999, 9), vote(9, 0, 0))).isTrue();
    }

    @Test
    void electionEpochAndStateDoNotTakePartInTheOrder() {
        Vote candidate = new Vote(3, 0x100, 1, 2, PeerState.FOLLOWING);
        Vote current = new Vote(1, 0x100, 99, 2, PeerState.LEADING);

        assertThat(VoteOrder.majority().beats(candidate, current)).isTrue();
    }
}
