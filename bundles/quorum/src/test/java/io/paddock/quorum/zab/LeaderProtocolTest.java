package io.paddock.quorum.zab;

import io.paddock.api.quorum.QuorumTiming;
import static io.paddock.api.txn.Zxid.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.quorum.QuorumView;
import io.paddock.quorum.zab.ZabAction.Append;
import io.paddock.quorum.zab.ZabAction.Apply;
import io.paddock.quorum.zab.ZabAction.PersistAcceptedEpoch;
import io.paddock.quorum.zab.ZabAction.PersistCurrentEpoch;
import io.paddock.quorum.zab.ZabAction.Send;
import io.paddock.quorum.zab.ZabAction.Serve;
import io.paddock.quorum.zab.ZabAction.StepDown;
import io.paddock.quorum.zab.ZabMessage.Ack;
import io.paddock.quorum.zab.ZabMessage.AckEpoch;
import io.paddock.quorum.zab.ZabMessage.Commit;
import io.paddock.quorum.zab.ZabMessage.Diff;
import io.paddock.quorum.zab.ZabMessage.Inform;
import io.paddock.quorum.zab.ZabMessage.LeaderInfo;
import io.paddock.quorum.zab.ZabMessage.LearnerHello;
import io.paddock.quorum.zab.ZabMessage.NewLeader;
import io.paddock.quorum.zab.ZabMessage.Proposal;
import io.paddock.quorum.zab.ZabMessage.Snap;
import io.paddock.quorum.zab.ZabMessage.Trunc;
import io.paddock.quorum.zab.ZabMessage.UpToDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderProtocolTest {
    private static final QuorumView QUORUM = SimQuorum.of(1, 3, 1);
    private static final QuorumTiming TIMING = new QuorumTiming(100, 10, 5);

    private final ListHistory history = new ListHistory(0, of(4, 1), of(4, 2), of(4, 3));
    private final LeaderProtocol leader = new LeaderProtocol(QUORUM, TIMING, 4, 4, history);

    @Test
    void newEpochIsOneAboveEveryAcceptedEpochOfTheQuorumAndIsWrittenBeforeLeaderInfo() {
        assertThat(leader.start(0)).isEmpty();
        leader.linkOpened(10, 0);
        List<ZabAction> actions = leader.receive(10, new LearnerHello(2, 6, false), 1);
        assertThat(actions).containsExactly(new PersistAcceptedEpoch(7), new Send(10, new LeaderInfo(7)));
    }

    @Test
    void aLearnerThatIsNoMemberIsTurnedAwayAndAReconnectReplacesTheOldLink() {
        leader.start(0);
        leader.linkOpened(10, 0);
        assertThat(leader.receive(10, new LearnerHello(9, 4, false), 1))
                .containsExactly(new ZabAction.CloseLink(10, "sid 9 is not a member"));
        leader.linkOpened(11, 1);
        leader.receive(11, new LearnerHello(2, 4, false), 1);
        leader.linkOpened(12, 2);
        assertThat(leader.receive(12, new LearnerHello(2, 4, false), 2))
                .containsExactly(new ZabAction.CloseLink(11, "sid 2 connected again"), send(12, new LeaderInfo(5)));
    }

    @Test
    void aFollowerAheadOfTheLeaderEndsItsTerm() {
        helloFrom(10, 2);
        List<ZabAction> actions = leader.receive(10, new AckEpoch(of(4, 9), 4), 2);
        assertThat(actions).last().isInstanceOf(StepDown.class);
        assertThat(leader.stopped()).isTrue();
    }

    @Test
    void aFollowerWithAPrefixOfTheHistoryGetsTheMissingTxnsThenNewLeader() {
        helloFrom(10, 2);
        List<ZabAction> actions = leader.receive(10, new AckEpoch(of(4, 1), 4), 2);
        assertThat(actions).containsExactly(new PersistCurrentEpoch(5), new Send(10, new Diff(of(4, 3))),
                send(10, new Proposal(history.log.get(1))), send(10, new Commit(of(4, 2))),
                send(10, new Proposal(history.log.get(2))), send(10, new Commit(of(4, 3))),
                send(10, new NewLeader(of(5, 0))));
    }

    @Test
    void aFollowerWithATxnTheLeaderNeverHadIsCutBackToTheLastSharedZxid() {
        history.log.remove(2);
        history.log.add(new Txn(of(5, 1), new byte[] {9}));
        LeaderProtocol l = new LeaderProtocol(QUORUM, TIMING, 5, 5, history);
        l.start(0);
        l.linkOpened(10, 0);
        l.receive(10, new LearnerHello(2, 4, false), 1);
        List<ZabAction> actions = l.receive(10, new AckEpoch(of(4, 3), 4), 2);
        assertThat(actions).containsSubsequence(send(10, new Trunc(of(4, 2))),
                send(10, new Proposal(history.log.get(2))), send(10, new Commit(of(5, 1))));
    }

    @Test
    void aFollowerAheadOfWhatIsCommittedIsTruncated() {
        helloFrom(10, 2);
        leader.receive(10, new AckEpoch(of(3, 7), 3), 2);
        leader.receive(10, new Ack(of(5, 0)), 3);
        leader.linkOpened(11, 3);
        leader.receive(11, new LearnerHello(3, 4, false), 3);
        List<ZabAction> actions = leader.receive(11, new AckEpoch(of(4, 5), 4), 4);
        assertThat(actions).contains(send(11, new Trunc(of(4, 3))));
    }

    @Test
    void aFollowerOlderThanTheLogGetsASnapshot() {
        ListHistory purged = new ListHistory(of(4, 1), of(4, 2), of(4, 3));
        LeaderProtocol l = new LeaderProtocol(QUORUM, TIMING, 4, 4, purged);
        l.start(0);
        l.linkOpened(10, 0);
        l.receive(10, new LearnerHello(2, 4, false), 1);
        assertThat(l.receive(10, new AckEpoch(of(3, 2), 3), 2)).contains(send(10, new Snap(of(4, 3))));
    }

    @Test
    void theLeaderServesOnceAQuorumAckedNewLeaderAndOnlyThenSendsUpToDate() {
        establishWithFollower2();
        assertThat(leader.established()).isTrue();
    }

    @Test
    void aProposalIsCommittedOnlyOnceAQuorumLoggedItAndObserversGetInform() {
        establishWithFollower2();
        leader.linkOpened(12, 5);
        leader.receive(12, new LearnerHello(4, 0, true), 5);
        leader.receive(12, new AckEpoch(of(4, 3), 4), 5);
        leader.receive(12, new Ack(of(5, 0)), 5);

        List<ZabAction> proposed = leader.propose(new byte[] {1}, 6);
        Txn txn = ((Append) proposed.get(0)).txn();
        assertThat(txn.zxid()).isEqualTo(of(5, 1));
        assertThat(proposed).contains(send(10, new Proposal(txn))).doesNotContain(send(12, new Proposal(txn)));
        assertThat(leader.logged(txn.zxid(), 7)).isEmpty();
        assertThat(leader.receive(12, new Ack(txn.zxid()), 8)).as("an observer's ack counts for nothing").isEmpty();
        assertThat(leader.receive(10, new Ack(txn.zxid()), 9)).containsExactly(send(10, new Commit(txn.zxid())),
                send(12, new Inform(txn)), new Apply(txn));
    }

    @Test
    void proposalsCommitInZxidOrderEvenWhenALaterOneIsAckedFirst() {
        establishWithFollower2();
        Txn first = ((Append) leader.propose(new byte[] {1}, 6).get(0)).txn();
        Txn second = ((Append) leader.propose(new byte[] {2}, 6).get(0)).txn();
        leader.logged(second.zxid(), 7);
        assertThat(leader.receive(10, new Ack(second.zxid()), 8)).isEmpty();
        assertThat(leader.receive(10, new Ack(first.zxid()), 9)).containsExactly(send(10, new Commit(first.zxid())),
                new Apply(first), send(10, new Commit(second.zxid())), new Apply(second));
    }

    @Test
    void aLeaderThatHearsFromNoQuorumForSyncLimitStepsDown() {
        establishWithFollower2();
        assertThat(leader.tick(300)).noneMatch(a -> a instanceof StepDown);
        assertThat(leader.tick(3 + TIMING.syncMillis() + 1)).last().isInstanceOf(StepDown.class);
    }

    @Test
    void withoutAQuorumOfFollowersWithinInitLimitTheTermEnds() {
        leader.start(0);
        assertThat(leader.tick(TIMING.initMillis())).last().isInstanceOf(StepDown.class);
    }

    @Test
    void onlyAnEstablishedLeaderProposes() {
        leader.start(0);
        assertThatThrownBy(() -> leader.propose(new byte[0], 1)).isInstanceOf(IllegalStateException.class);
    }

    private void helloFrom(long link, long sid) {
        leader.start(0);
        leader.linkOpened(link, 0);
        leader.receive(link, new LearnerHello(sid, 4, false), 1);
    }

    private void establishWithFollower2() {
        helloFrom(10, 2);
        leader.receive(10, new AckEpoch(of(4, 3), 4), 2);
        assertThat(leader.established()).isFalse();
        assertThat(leader.receive(10, new Ack(of(5, 0)), 3)).containsExactly(new Serve(5), send(10, new UpToDate()));
    }

    private static Send send(long link, ZabMessage message) {
        return new Send(link, message);
    }
}
