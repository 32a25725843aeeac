package io.paddock.election.fle;

import static io.paddock.api.election.PeerState.FOLLOWING;
import static io.paddock.api.election.PeerState.LEADING;
import static io.paddock.api.election.PeerState.LOOKING;
import static io.paddock.api.election.PeerState.OBSERVING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.paddock.api.election.Election;
import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import io.paddock.election.fle.RecordingOutbox.Sent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each rule of ZooKeeper's {@code lookForLeader} and {@code WorkerReceiver}, one at a time, for
 * peer 2 of voters 1, 2, 3 (and observer 4) unless a test says otherwise. Time is whatever the
 * test passes in.
 */
class FastLeaderElectionTest {
    private static final MajorityQuorum QUORUM = MajorityQuorum.of(2, Set.of(1L, 2L, 3L), Set.of(4L));
    private static final long ZXID = 0x100000005L;

    private final RecordingOutbox outbox = new RecordingOutbox();
    private FastLeaderElection election = new FastLeaderElection(QUORUM, outbox, VoteOrder.majority());
    private long now = 1_000;

    private static Vote own(long sid) {
        return new Vote(sid, ZXID, 0, 1, LOOKING);
    }

    private static ByteBuffer message(PeerState state, long leader, long zxid, long round, long peerEpoch) {
        return ByteBuffer.wrap(Notification.of(new Vote(leader, zxid, round, peerEpoch, state), null).encode());
    }

    /** A LOOKING notification for {@code leader} at our usual zxid and epoch. */
    private static ByteBuffer looking(long leader, long round) {
        return message(LOOKING, leader, ZXID, round, 1);
    }

    private void receive(long from, ByteBuffer message) {
        election.receive(from, message, now);
    }

    /** Starts looking and delivers our own first notification back to us, as the caller would. */
    private void startLookingAndHearOurself(Vote proposal) {
        election.startLooking(proposal, now);
        receive(QUORUM.myId(), looking(proposal.leader(), election.round()));
        outbox.drain();
    }

    private static Vote voteOf(Sent sent) {
        return sent.notification().vote();
    }

    @Test
    void startLookingSendsTheProposalInANewRoundToEveryVoterAndItself() {
        election.startLooking(own(2), now);

        assertThat(outbox.drain()).extracting(Sent::to).containsExactly(1L, 2L, 3L);
        assertThat(election.round()).isEqualTo(1);
        assertThat(election.decision()).isEmpty();
    }

    @Test
    void everyStartLookingBeginsTheNextRound() {
        election.startLooking(own(2), now);
        election.startLooking(own(2), now);

        assertThat(outbox.drain()).extracting(FastLeaderElectionTest::voteOf)
                .extracting(Vote::electionEpoch).containsExactly(1L, 1L, 1L, 2L, 2L, 2L);
    }

    @Test
    void notificationsCarryStateLookingTheVoteAndTheMembershipText() {
        var quorum = new MajorityQuorum(2, QUORUM.voters(), QUORUM.observers(), 0x100000000L);
        election = new FastLeaderElection(quorum, outbox, VoteOrder.majority());

        election.startLooking(own(2), now);

        Notification sent = outbox.drain().get(0).notification();
        assertThat(sent.vote()).isEqualTo(new Vote(2, ZXID, 1, 1, LOOKING));
        assertThat(sent.version()).isEqualTo(2);
        assertThat(new String(sent.config(), StandardCharsets.UTF_8)).isEqualTo(quorum.configText())
                .startsWith("server.").endsWith("\nversion=100000000");
    }

    @Test
    void aBetterVoteInOurRoundIsAdoptedAndSentToAll() {
        startLookingAndHearOurself(own(2));

        receive(3, looking(3, 1));

        assertThat(outbox.drain()).extracting(FastLeaderElectionTest::voteOf)
                .containsOnly(new Vote(3, ZXID, 1, 1, LOOKING)).hasSize(3);
        assertThat(election.proposal()).map(Vote::leader).contains(3L);
    }

    @Test
    void aWorseVoteInOurRoundChangesNothingAndSendsNothing() {
        startLookingAndHearOurself(own(2));

        receive(1, looking(1, 1));

        assertThat(outbox.drain()).isEmpty();
        assertThat(election.proposal()).map(Vote::leader).contains(2L);
    }

    @Test
    void aHigherRoundIsJoinedStartingOverFromOurOwnVoteNotTheOneWeHad() {
        startLookingAndHearOurself(own(1));
        receive(3, looking(3, 1));
        outbox.drain();

        receive(2, looking(2, 5));

        assertThat(election.round()).isEqualTo(5);
        // 2 beats our own vote (1), though not the 3 we had adopted in round 1.
        assertThat(outbox.drain()).extracting(FastLeaderElectionTest::voteOf)
                .containsOnly(new Vote(2, ZXID, 5, 1, LOOKING)).hasSize(3);
    }

    @Test
    void aHigherRoundWithAWorseVoteIsJoinedWithOurOwnVote() {
        election = new FastLeaderElection(QUORUM.withMyId(3), outbox, VoteOrder.majority());
        election.startLooking(own(3), now);
        outbox.drain();

        receive(1, looking(1, 4));

        assertThat(outbox.drain()).extracting(FastLeaderElectionTest::voteOf)
                .containsOnly(new Vote(3, ZXID, 4, 1, LOOKING)).hasSize(3);
    }

    @Test
    void aLookingPeerInAnOlderRoundIsIgnoredAndAnsweredWithOurProposal() {
        election.startLooking(own(2), now);
        receive(3, looking(3, 3));
        outbox.drain();

        receive(1, looking(1, 1));

        assertThat(outbox.drain()).extracting(Sent::to, FastLeaderElectionTest::voteOf)
                .containsExactly(tuple(1L, new Vote(3, ZXID, 3, 1, LOOKING)));
        assertThat(election.proposal()).map(Vote::leader).contains(3L);
    }

    @Test
    void aQuorumForOurProposalDecidesOnceTheFinalizeWaitPassesQuietly() {
        startLookingAndHearOurself(own(2));

        receive(1, looking(2, 1));

        long finalizeAt = now + FastLeaderElection.FINALIZE_WAIT_MILLIS;
        assertThat(election.nextTickMillis()).isEqualTo(finalizeAt);
        election.tick(finalizeAt - 1);
        assertThat(election.decision()).isEmpty();
        election.tick(finalizeAt);
        assertThat(election.decision()).contains(new Vote(2, ZXID, 1, 1, LEADING));
        assertThat(election.nextTickMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aPeerWhoseProposalIsAnotherFollowsIt() {
        startLookingAndHearOurself(own(2));
        receive(3, looking(3, 1));
        receive(2, looking(3, 1));

        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);

        assertThat(election.decision()).contains(new Vote(3, ZXID, 1, 1, FOLLOWING));
    }

    @Test
    void aBetterVoteDuringTheFinalizeWaitIsTakenUpInstead() {
        startLookingAndHearOurself(own(2));
        receive(1, looking(2, 1));

        now += 100;
        receive(3, looking(3, 1));
        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);

        assertThat(election.decision()).isEmpty();
        assertThat(election.proposal()).map(Vote::leader).contains(3L);
    }

    @Test
    void anyOtherNotificationDuringTheFinalizeWaitIsDroppedAndStartsTheWaitAgain() {
        startLookingAndHearOurself(own(2));
        receive(1, looking(2, 1));

        now += 150;
        receive(1, looking(1, 1));

        assertThat(election.nextTickMillis()).isEqualTo(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);
        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);
        assertThat(election.decision()).contains(new Vote(2, ZXID, 1, 1, LEADING));
    }

    @Test
    void aQuorumFollowingALeaderThatSaysItLeadsEndsLookingInTheLeadersRound() {
        startLookingAndHearOurself(own(2));

        receive(1, message(FOLLOWING, 3, ZXID, 7, 1));
        assertThat(election.decision()).isEmpty();
        receive(3, message(LEADING, 3, ZXID, 6, 1));

        assertThat(election.decision()).contains(new Vote(3, ZXID, 6, 1, FOLLOWING));
        assertThat(election.round()).isEqualTo(6);
    }

    @Test
    void aQuorumFollowingAPeerThatDoesNotSayItLeadsIsNotEnough() {
        startLookingAndHearOurself(own(2));

        receive(1, message(FOLLOWING, 3, ZXID, 7, 1));
        receive(3, message(FOLLOWING, 3, ZXID, 7, 1));

        assertThat(election.decision()).isEmpty();
    }

    @Test
    void settledVotesForTheSameLeaderInDifferentEpochsDoNotAddUp() {
        startLookingAndHearOurself(own(2));

        receive(1, message(FOLLOWING, 3, ZXID, 7, 1));
        receive(3, message(LEADING, 3, ZXID, 7, 2));

        assertThat(election.decision()).isEmpty();
    }

    @Test
    void peersFollowingUsInOurRoundMakeUsLead() {
        startLookingAndHearOurself(own(2));

        receive(1, message(FOLLOWING, 2, ZXID, 1, 1));
        receive(3, message(FOLLOWING, 2, ZXID, 1, 1));

        assertThat(election.decision()).contains(new Vote(2, ZXID, 1, 1, LEADING));
    }

    @Test
    void peersFollowingUsInAnotherRoundDoNotMakeUsLead() {
        startLookingAndHearOurself(own(2));

        receive(1, message(FOLLOWING, 2, ZXID, 9, 1));
        receive(3, message(FOLLOWING, 2, ZXID, 9, 1));

        assertThat(election.decision()).isEmpty();
    }

    @Test
    void lookingVotesOfOurRoundAndAFollowerAddUpForAnEstablishedLeader() {
        startLookingAndHearOurself(own(2));
        receive(3, looking(3, 1));
        outbox.drain();

        receive(1, message(FOLLOWING, 3, ZXID, 1, 1));
        assertThat(election.decision()).isEmpty();
        receive(3, message(LEADING, 3, ZXID, 1, 1));

        assertThat(election.decision()).contains(new Vote(3, ZXID, 1, 1, FOLLOWING));
    }

    @Test
    void aDecidedPeerAnswersALookingPeerWithItsDecisionAndState() {
        startLookingAndHearOurself(own(2));
        receive(1, looking(2, 1));
        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);

        receive(3, looking(3, 8));

        assertThat(outbox.drain()).extracting(Sent::to, FastLeaderElectionTest::voteOf)
                .containsExactly(tuple(3L, new Vote(2, ZXID, 1, 1, LEADING)));
        assertThat(election.decision()).contains(new Vote(2, ZXID, 1, 1, LEADING));
    }

    @Test
    void onceSyncedWithTheLeaderThePeerAnswersWithTheLeadersEpoch() {
        startLookingAndHearOurself(own(2));
        receive(1, looking(2, 1));
        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);

        election.updatePeerEpoch(7);
        receive(3, looking(3, 8));

        assertThat(outbox.drain()).extracting(Sent::to, FastLeaderElectionTest::voteOf)
                .containsExactly(tuple(3L, new Vote(2, ZXID, 1, 7, LEADING)));
        assertThat(election.decision()).contains(new Vote(2, ZXID, 1, 7, LEADING));
    }

    @Test
    void anEpochUpdateWhileLookingChangesNothing() {
        startLookingAndHearOurself(own(2));
        election.updatePeerEpoch(7);
        assertThat(election.decision()).isEmpty();
        receive(3, looking(3, 8));
        assertThat(outbox.drain()).extracting(FastLeaderElectionTest::voteOf).allMatch(v -> v.peerEpoch() != 7);
    }

    @Test
    void aDecidedPeerDoesNotAnswerPeersThatAreNotLooking() {
        startLookingAndHearOurself(own(2));
        receive(1, looking(2, 1));
        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);

        receive(1, message(FOLLOWING, 2, ZXID, 1, 1));

        assertThat(outbox.drain()).isEmpty();
    }

    @Test
    void anObserverIsAnsweredAtOnceWithTheCurrentVoteAndTheRoundAndIsNotCounted() {
        startLookingAndHearOurself(own(2));
        receive(1, looking(1, 1));
        long next = election.nextTickMillis();

        now += 100;
        receive(4, looking(2, 1));

        // Before any election has ended the current vote is the first proposal.
        assertThat(outbox.drain()).extracting(Sent::to, FastLeaderElectionTest::voteOf)
                .containsExactly(tuple(4L, new Vote(2, ZXID, 1, 1, LOOKING)));
        assertThat(election.nextTickMillis()).isEqualTo(next);
        assertThat(election.proposal()).map(Vote::leader).contains(2L);
    }

    @Test
    void afterAnElectionAnObserverIsAnsweredWithTheDecisionInTheCurrentRoundEvenWhileLooking() {
        startLookingAndHearOurself(own(2));
        receive(1, looking(2, 1));
        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);
        startLookingAndHearOurself(own(2));

        receive(4, looking(Long.MIN_VALUE, 1));

        assertThat(outbox.drain()).extracting(FastLeaderElectionTest::voteOf)
                .containsExactly(new Vote(2, ZXID, 2, 1, LOOKING));
    }

    @Test
    void anObserverProposesNobodyAndSendsOnlyToVoters() {
        election = new FastLeaderElection(QUORUM.withMyId(4), outbox, VoteOrder.majority());

        election.startLooking(own(4), now);

        assertThat(outbox.drain()).extracting(Sent::to, FastLeaderElectionTest::voteOf).containsExactly(
                tuple(1L, new Vote(Long.MIN_VALUE, Long.MIN_VALUE, 1, Long.MIN_VALUE,
                        LOOKING)),
                tuple(2L, new Vote(Long.MIN_VALUE, Long.MIN_VALUE, 1, Long.MIN_VALUE,
                        LOOKING)),
                tuple(3L, new Vote(Long.MIN_VALUE, Long.MIN_VALUE, 1, Long.MIN_VALUE,
                        LOOKING)));
    }

    @Test
    void anObserverDoesNotAnswerAVoterInAnOlderRound() {
        election = new FastLeaderElection(QUORUM.withMyId(4), outbox, VoteOrder.majority());
        election.startLooking(own(4), now);
        election.startLooking(own(4), now);
        outbox.drain();

        receive(1, looking(1, 1));

        assertThat(outbox.drain()).isEmpty();
    }

    @Test
    void anObserverObservesTheLeaderAQuorumOfLookingVotersAgreeOn() {
        election = new FastLeaderElection(QUORUM.withMyId(4), outbox, VoteOrder.majority());
        election.startLooking(own(4), now);

        receive(1, looking(3, 1));
        receive(3, looking(3, 1));
        election.tick(now + FastLeaderElection.FINALIZE_WAIT_MILLIS);

        assertThat(election.decision()).contains(new Vote(3, ZXID, 1, 1, OBSERVING));
    }

    @Test
    void anObserverObservesAnEstablishedLeader() {
        election = new FastLeaderElection(QUORUM.withMyId(4), outbox, VoteOrder.majority());
        election.startLooking(own(4), now);

        receive(1, message(FOLLOWING, 3, ZXID, 4, 1));
        receive(3, message(LEADING, 3, ZXID, 4, 1));

        assertThat(election.decision()).contains(new Vote(3, ZXID, 4, 1, OBSERVING));
    }

    @Test
    void votesFromObservingVotersAndForNonVotersAreIgnored() {
        startLookingAndHearOurself(own(2));

        receive(1, message(OBSERVING, 3, 0x900000000L, 1, 9));
        receive(3, looking(4, 1));

        assertThat(election.proposal()).map(Vote::leader).contains(2L);
        assertThat(outbox.drain()).isEmpty();
    }

    @Test
    void lookingNotificationsAreIgnoredWhenEitherZxidIsMinusOne() {
        startLookingAndHearOurself(own(2));
        receive(3, message(LOOKING, 3, -1, 1, 9));
        assertThat(election.proposal()).map(Vote::leader).contains(2L);

        election = new FastLeaderElection(QUORUM, outbox, VoteOrder.majority());
        election.startLooking(new Vote(2, -1, 0, 0, LOOKING), now);
        receive(3, looking(3, 1));
        assertThat(election.proposal()).map(Vote::leader).contains(2L);
    }

    @Test
    void withoutNewsNotificationsAreResentAtIntervalsDoublingUpToSixtySeconds() {
        election.startLooking(own(2), now);
        outbox.drain();
        long[] waits = new long[12];
        for (int i = 0; i < waits.length; i++) {
            long next = election.nextTickMillis();
            waits[i] = next - now;
            now = next;
            election.tick(now);
            assertThat(outbox.drain()).hasSize(3);
        }

        assertThat(waits).containsExactly(200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 60_000, 60_000,
                60_000);
    }

    @Test
    void aTickBeforeTheTimeoutSendsNothing() {
        election.startLooking(own(2), now);
        outbox.drain();

        election.tick(election.nextTickMillis() - 1);

        assertThat(outbox.drain()).isEmpty();
    }

    @Test
    void aNotificationFromAVoterRestartsTheWaitButNotTheInterval() {
        election.startLooking(own(2), now);
        now = election.nextTickMillis();
        election.tick(now);

        now += 300;
        receive(1, looking(1, 1));

        assertThat(election.nextTickMillis()).isEqualTo(now + 400);
    }

    @Test
    void malformedMessagesAreDroppedWithoutAnAnswer() {
        startLookingAndHearOurself(own(2));
        long next = election.nextTickMillis();

        receive(3, ByteBuffer.allocate(27));
        receive(3, ByteBuffer.allocate(44).putInt(7).putLong(3).putLong(ZXID).putLong(5).flip());
        receive(3, ByteBuffer.allocate(44).putInt(0).putLong(3).putLong(ZXID).putLong(5).putLong(1).putInt(2)
                .putInt(1_000).flip());

        assertThat(outbox.drain()).isEmpty();
        assertThat(election.round()).isEqualTo(1);
        assertThat(election.nextTickMillis()).isEqualTo(next);
    }

    @Test
    void theConfigOfAVersionTwoNotificationIsIgnored() {
        startLookingAndHearOurself(own(2));
        byte[] config = "server.9=h:1:2:participant\nversion=ffffffffff".getBytes(StandardCharsets.US_ASCII);

        receive(3, ByteBuffer.wrap(Notification.of(new Vote(3, ZXID, 1, 1, LOOKING), config).encode()));

        assertThat(election.proposal()).map(Vote::leader).contains(3L);
    }

    @Test
    void legacyFormsAreUnderstood() {
        startLookingAndHearOurself(own(2));

        receive(3, ByteBuffer.allocate(28).putInt(0).putLong(3).putLong(ZXID).putLong(1).flip());

        assertThat(election.proposal()).contains(new Vote(3, ZXID, 1, 1, LOOKING));
    }

    @Test
    void theCallersBufferIsLeftAsItWas() {
        election.startLooking(own(2), now);
        ByteBuffer message = looking(3, 1);

        receive(3, message);

        assertThat(message.remaining()).isEqualTo(44);
    }

    @Test
    void nothingHappensBeforeTheFirstStartLooking() {
        receive(3, looking(3, 1));
        election.tick(now + 100_000);

        assertThat(outbox.drain()).isEmpty();
        assertThat(election.nextTickMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theRoundIsKeptAcrossElections() {
        startLookingAndHearOurself(own(2));
        receive(3, message(LEADING, 3, ZXID, 4, 1));
        receive(1, message(FOLLOWING, 3, ZXID, 4, 1));
        assertThat(election.decision()).isPresent();

        election.startLooking(own(2), now);

        assertThat(election.round()).isEqualTo(5);
        assertThat(election.decision()).isEmpty();
    }

    @Test
    void theStrategyCreatesAnElectionForThePeer() {
        Election created = new FastLeaderElectionStrategy().create(QUORUM, outbox);

        created.startLooking(own(2), now);

        List<Sent> sent = outbox.drain();
        assertThat(sent).extracting(Sent::to).containsExactly(1L, 2L, 3L);
    }
}
