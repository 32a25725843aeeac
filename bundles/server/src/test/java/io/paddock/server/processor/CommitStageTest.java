package io.paddock.server.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Id;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathRequest;
import io.paddock.api.proto.SetDataRequest;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ZooKeeper's CommitProcessor as a learner's and a leader's chain use it, fed by hand. */
class CommitStageTest {
    private static final long SESSION = 0x200000000000001L;
    private static final long OTHER = 0x300000000000001L;

    private final List<Request> passed = new ArrayList<>();
    private final CommitStage stage = new CommitStage(new RequestProcessor() {
        @Override
        public void processRequest(Request r) {
            passed.add(r);
        }

        @Override
        public void shutdown() {
        }
    });

    private static Request write(long session, int xid) {
        return Request.of(null, session, xid, OpCode.SET_DATA, new SetDataRequest("/a", new byte[0], -1));
    }

    private static Request read(long session, int xid) {
        return Request.of(null, session, xid, OpCode.GET_DATA, new PathRequest("/a"));
    }

    private static TxnEntry txn(long session, int xid, long zxid) {
        return new TxnEntry(new TxnHeader(session, xid, zxid, 0, OpCode.SET_DATA), new SetDataTxn("/a", new byte[0], 1),
                null);
    }

    @Test
    void commitsMatchEachSessionsWritesInItsOwnOrderWhateverTheOrderAcrossSessions() {
        Request a = write(SESSION, 1);
        Request b = write(OTHER, 1);
        stage.request(a);
        stage.request(b);

        stage.committed(txn(OTHER, 1, 0x100000005L));
        stage.committed(txn(SESSION, 1, 0x100000006L));

        assertThat(passed).containsExactly(b, a);
    }

    @Test
    void aWriteWaitsForItsCommitAndTheReadsBehindItForIt() {
        Request w = write(SESSION, 1);
        Request r = read(SESSION, 2);
        stage.request(w);
        stage.request(r);
        assertThat(passed).isEmpty();

        TxnEntry committed = txn(SESSION, 1, 0x100000005L);
        stage.committed(committed);

        assertThat(passed).containsExactly(w, r);
        assertThat(w.txn()).as("the leader's txn goes on with the request").isSameAs(committed);
    }

    @Test
    void anotherServersTxnIsAppliedAtOnceWhileThisServersWriteWaits() {
        Request mine = write(SESSION, 7);
        stage.request(mine);

        stage.committed(txn(OTHER, 7, 0x100000005L));

        assertThat(passed).hasSize(1);
        assertThat(passed.get(0)).isNotSameAs(mine);
        assertThat(passed.get(0).txn().header().clientId()).isEqualTo(OTHER);
        assertThat(passed.get(0).replicated()).isTrue();
        stage.committed(txn(SESSION, 7, 0x100000006L));
        assertThat(passed).hasSize(2).endsWith(mine);
    }

    @Test
    void aReadWithNothingAheadOfItPassesAtOnce() {
        Request r = read(SESSION, 1);

        stage.request(r);

        assertThat(passed).containsExactly(r);
    }

    @Test
    void aForwardedSyncLeavesWhenTheLeaderAnswersAndTakesTheReadsBehindIt() {
        Request sync = Request.of(null, SESSION, 1, OpCode.SYNC, new PathRequest("/"));
        sync.setAwaitsLeaderSync();
        Request r = read(SESSION, 2);
        stage.request(sync);
        stage.request(r);
        assertThat(passed).isEmpty();

        stage.leaderSynced();

        assertThat(passed).containsExactly(sync, r);
    }

    @Test
    void aSyncAnswerWithNoSyncWaitingChangesNothing() {
        Request w = write(SESSION, 1);
        stage.request(w);

        stage.leaderSynced();

        assertThat(passed).isEmpty();
    }

    private static Request prepared(long session, int xid, long zxid) {
        Request w = write(session, xid);
        w.setTxn(txn(session, xid, zxid));
        return w;
    }

    @Test
    void aReadOfAnotherSessionDoesNotWaitForThisSessionsWrite() {
        stage.request(write(SESSION, 1));
        Request other = read(OTHER, 1);

        stage.request(other);

        assertThat(passed).containsExactly(other);
    }

    @Test
    void aSyncOnTheLeaderWaitsForEveryTxnPreparedBeforeItWhoseverItIs() {
        Request w = prepared(OTHER, 4, 0x100000005L);
        stage.request(w);
        Request sync = Request.of(null, SESSION, 1, OpCode.SYNC, new PathRequest("/"));
        stage.request(sync);
        assertThat(passed).isEmpty();

        stage.committed(w.txn());

        assertThat(passed).containsExactly(w, sync);
    }

    @Test
    void learnersSyncsWaitingOnTheLeaderAreCounted() {
        stage.request(prepared(SESSION, 1, 0x100000005L));
        stage.request(Request.forwarded(null, OTHER, 3, OpCode.SYNC, new PathRequest("/"), 0, List.<Id>of(), "link"));
        stage.request(Request.of(null, SESSION, 2, OpCode.SYNC, new PathRequest("/")));

        assertThat(stage.forwardedSyncs()).isEqualTo(1);
    }

    @Test
    void clearingDropsWhatWaits() {
        stage.request(write(SESSION, 1));
        stage.request(read(SESSION, 2));

        stage.clear();
        stage.committed(txn(SESSION, 1, 0x100000005L));

        assertThat(passed).hasSize(1);
        assertThat(passed.get(0).replicated()).isTrue();
    }
}
