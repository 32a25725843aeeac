package io.paddock.quorum.zab;

import io.paddock.api.quorum.QuorumTiming;
import static io.paddock.api.txn.Zxid.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.quorum.zab.ZabAction.Append;
import io.paddock.quorum.zab.ZabAction.Apply;
import io.paddock.quorum.zab.ZabAction.InstallSnapshot;
import io.paddock.quorum.zab.ZabAction.PersistAcceptedEpoch;
import io.paddock.quorum.zab.ZabAction.PersistCurrentEpoch;
import io.paddock.quorum.zab.ZabAction.Send;
import io.paddock.quorum.zab.ZabAction.Serve;
import io.paddock.quorum.zab.ZabAction.StepDown;
import io.paddock.quorum.zab.ZabAction.Truncate;
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

class LearnerProtocolTest {
    private static final QuorumTiming TIMING = new QuorumTiming(100, 10, 5);
    private static final Txn T1 = new Txn(of(5, 1), new byte[] {1});
    private static final Txn T2 = new Txn(of(5, 2), new byte[] {2});

    private final LearnerProtocol follower = new LearnerProtocol(2, false, TIMING, 4, 4, of(4, 3));

    @Test
    void aNewerEpochIsAcceptedOnDiskBeforeAckEpochReportsTheCurrentEpoch() {
        assertThat(follower.connected(0)).containsExactly(send(new LearnerHello(2, 4, false)));
        assertThat(follower.receive(new LeaderInfo(5), 1))
                .containsExactly(new PersistAcceptedEpoch(5), send(new AckEpoch(of(4, 3), 4)));
    }

    @Test
    void anEpochAlreadyAcceptedIsAckedWithMinusOne() {
        LearnerProtocol l = new LearnerProtocol(2, false, TIMING, 5, 4, of(4, 3));
        l.connected(0);
        assertThat(l.receive(new LeaderInfo(5), 1)).containsExactly(send(new AckEpoch(of(4, 3), -1)));
    }

    @Test
    void aLeaderWithAnOlderEpochThanAcceptedIsRefused() {
        LearnerProtocol l = new LearnerProtocol(2, false, TIMING, 6, 4, of(4, 3));
        l.connected(0);
        assertThat(l.receive(new LeaderInfo(5), 1)).singleElement().isInstanceOf(StepDown.class);
    }

    @Test
    void theNewEpochBecomesCurrentAndNewLeaderIsAckedOnlyOnceTheSyncedTxnsAreOnDisk() {
        startSync();
        follower.receive(new Diff(of(5, 1)), 2);
        assertThat(follower.receive(new Proposal(T1), 3)).containsExactly(new Append(T1));
        assertThat(follower.receive(new Commit(T1.zxid()), 3)).containsExactly(new Apply(T1));
        assertThat(follower.receive(new NewLeader(of(5, 0)), 4)).as("T1 is not on disk yet").isEmpty();
        assertThat(follower.logged(T1.zxid(), 5))
                .containsExactly(new PersistCurrentEpoch(5), send(new Ack(of(5, 0))));
        assertThat(follower.receive(new UpToDate(), 6)).containsExactly(send(new Ack(of(5, 0))), new Serve(5));
        assertThat(follower.serving()).isTrue();
    }

    @Test
    void proposalsStillOutstandingAtNewLeaderAreAckedRightAfterIt() {
        startSync();
        follower.receive(new Diff(of(4, 3)), 2);
        follower.receive(new Proposal(T1), 3);
        follower.logged(T1.zxid(), 3);
        assertThat(follower.receive(new NewLeader(of(5, 0)), 4))
                .containsExactly(new PersistCurrentEpoch(5), send(new Ack(of(5, 0))), send(new Ack(T1.zxid())));
    }

    @Test
    void aProposalIsAckedOnlyOnceItIsOnDisk() {
        serve();
        assertThat(follower.receive(new Proposal(T2), 10)).containsExactly(new Append(T2));
        assertThat(follower.logged(T2.zxid(), 11)).containsExactly(send(new Ack(T2.zxid())));
    }

    @Test
    void aCommitThatIsNotTheNextPendingProposalIsALyingLeader() {
        serve();
        follower.receive(new Proposal(T2), 10);
        assertThat(follower.receive(new Commit(of(5, 7)), 11)).singleElement().isInstanceOf(StepDown.class);
    }

    @Test
    void truncAndSnapAreCarriedOutBeforeAnythingElse() {
        startSync();
        assertThat(follower.receive(new Trunc(of(4, 2)), 2)).containsExactly(new Truncate(of(4, 2)));
        LearnerProtocol other = new LearnerProtocol(3, false, TIMING, 4, 4, of(3, 3));
        other.connected(0);
        other.receive(new LeaderInfo(5), 1);
        assertThat(other.receive(new Snap(of(4, 3)), 2)).containsExactly(new InstallSnapshot(of(4, 3)));
    }

    @Test
    void aSecondSyncMessageIsOutOfTurn() {
        startSync();
        follower.receive(new Diff(of(4, 3)), 2);
        assertThat(follower.receive(new Snap(of(4, 3)), 3)).singleElement().isInstanceOf(StepDown.class);
    }

    @Test
    void anObserverAppliesAndLogsInformedTxnsAndNeverAcks() {
        LearnerProtocol observer = new LearnerProtocol(4, true, TIMING, 5, 5, of(4, 3));
        observer.connected(0);
        observer.receive(new LeaderInfo(5), 1);
        observer.receive(new Diff(of(4, 3)), 2);
        observer.receive(new NewLeader(of(5, 0)), 3);
        observer.receive(new UpToDate(), 4);
        assertThat(observer.receive(new Inform(T1), 5)).containsExactly(new Append(T1), new Apply(T1));
        assertThat(observer.logged(T1.zxid(), 6)).isEmpty();
        assertThat(observer.receive(new Proposal(T2), 7)).singleElement().isInstanceOf(StepDown.class);
    }

    @Test
    void aSilentLeaderEndsTheRole() {
        serve();
        assertThat(follower.tick(6 + TIMING.syncMillis())).isEmpty();
        assertThat(follower.tick(7 + TIMING.syncMillis())).singleElement().isInstanceOf(StepDown.class);
    }

    private void startSync() {
        follower.connected(0);
        follower.receive(new LeaderInfo(5), 1);
    }

    private void serve() {
        startSync();
        follower.receive(new Diff(of(4, 3)), 2);
        follower.receive(new NewLeader(of(5, 0)), 3);
        List<ZabAction> actions = follower.receive(new UpToDate(), 6);
        assertThat(actions).contains(new Serve(5));
    }

    private static Send send(ZabMessage message) {
        return new Send(0, message);
    }
}
