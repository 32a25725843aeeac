package io.paddock.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.quorum.SnapshotInstall;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import io.paddock.server.db.Database;
import io.paddock.server.db.Recovery;
import io.paddock.server.processor.Extensions;
import io.paddock.server.session.SessionTracker;
import io.paddock.server.tree.DataNode;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.storage.testkit.SampleTxns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's database as a quorum role drives it, over real file storage. */
class ServerReplicaTest {
    private static final long E1 = Zxid.of(1, 0);
    private static final int SNAP_COUNT = 100_000;

    @TempDir
    Path dir;
    private Storage storage;
    private Database db;
    private ServerReplica replica;
    private final List<Throwable> fatal = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        start();
    }

    private void start() throws IOException {
        storage = new FileStorageBackend().open(StorageOptions.of(dir));
        db = new Database(new SessionTracker(2, 2000, System::currentTimeMillis));
        Recovery.recover(db, storage);
        replica = new ServerReplica(db, storage, SNAP_COUNT, fatal::add, new Extensions());
    }

    private void restart() throws IOException {
        stop();
        start();
    }

    @AfterEach
    void stop() throws IOException {
        replica.close();
        storage.close();
        assertThat(fatal).isEmpty();
    }

    /** Logs the txns and waits until all are durable; returns the zxids heard, in order. */
    private List<Long> logAll(List<TxnEntry> txns) throws InterruptedException {
        List<Long> durable = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(txns.size());
        for (TxnEntry t : txns) {
            replica.log(t, zxid -> {
                durable.add(zxid);
                all.countDown();
            });
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).as("every txn durable").isTrue();
        return durable;
    }

    private void commitAll(List<TxnEntry> txns) throws IOException {
        txns.forEach(replica::commit);
        db.awaitApplied(txns.get(txns.size() - 1).zxid(), Duration.ofSeconds(10));
    }

    private static List<TxnEntry> creates(long fromCounter, long toCounter) {
        return SampleTxns.creates(E1 + fromCounter, E1 + toCounter);
    }

    @Test
    void loggedTxnsAreReportedDurableInOrderAndReadBackAfterTheHistoryStart() throws Exception {
        List<TxnEntry> txns = creates(1, 20);
        assertThat(logAll(txns)).containsExactlyElementsOf(SampleTxns.zxids(txns));
        assertThat(replica.lastLoggedZxid()).isEqualTo(E1 + 20);
        assertThat(replica.historyStart()).isZero();
        try (TxnReader reader = replica.readLog(E1 + 5)) {
            List<Long> read = new ArrayList<>();
            for (TxnEntry e = reader.next(); e != null; e = reader.next()) {
                read.add(e.zxid());
            }
            assertThat(read).containsExactlyElementsOf(SampleTxns.zxids(creates(6, 20)));
        }
    }

    @Test
    void committedTxnsAreAppliedInOrderAndLoggedOnesWaitForTheirCommit() throws Exception {
        List<TxnEntry> txns = creates(1, 10);
        logAll(txns);
        assertThat(db.lastProcessedZxid()).isZero();
        commitAll(txns.subList(0, 6));
        assertThat(db.lastProcessedZxid()).isEqualTo(E1 + 6);
        assertThat(db.tree().node("/n" + (E1 + 6))).isNotNull();
        assertThat(db.tree().node("/n" + (E1 + 7))).isNull();
    }

    @Test
    void applyingTheLogBringsInTxnsATermLoggedButNeverCommittedHere() throws Exception {
        logAll(creates(1, 6));
        commitAll(creates(1, 2));

        replica.applyLogged();

        assertThat(db.lastProcessedZxid()).isEqualTo(E1 + 6);
        assertThat(db.tree().node("/n" + (E1 + 6))).isNotNull();
    }

    @Test
    void truncationDropsTheLogTailAndTheReplayedTxnsItHeldEvenFromALaterSnapshot() throws Exception {
        logAll(creates(1, 10));
        commitAll(creates(1, 4));
        // A restart replays every logged txn, committed or not, as ZooKeeper's does.
        restart();
        assertThat(db.lastProcessedZxid()).isEqualTo(E1 + 10);
        // ... and may snapshot them: the snapshot must not bring them back either.
        storage.snapshots().write(E1 + 10, db.snapshotView());

        replica.truncateAfter(E1 + 4);

        assertThat(db.lastProcessedZxid()).isEqualTo(E1 + 4);
        assertThat(replica.lastLoggedZxid()).isEqualTo(E1 + 4);
        assertThat(db.tree().node("/n" + (E1 + 5))).isNull();
        assertThat(db.tree().node("/n" + (E1 + 4))).isNotNull();
        List<TxnEntry> next = List.of(SampleTxns.create(Zxid.of(2, 1)));
        logAll(next);
        commitAll(next);
        restart();
        assertThat(db.lastProcessedZxid()).isEqualTo(Zxid.of(2, 1));
        assertThat(db.tree().node("/n" + (E1 + 5))).isNull();
    }

    @Test
    void anInstalledSnapshotReplacesTreeAndSessionsAndSurvivesARestart() throws Exception {
        List<TxnEntry> mine = creates(1, 8);
        logAll(mine);
        commitAll(mine);
        long leaderZxid = Zxid.of(3, 7);

        SnapshotInstall install = replica.installSnapshot(leaderZxid);
        loadLeaderTree(install, leaderZxid);
        install.finish();

        assertLeaderTree(leaderZxid);
        assertThat(replica.historyStart()).isEqualTo(leaderZxid);
        assertThat(replica.lastLoggedZxid()).isEqualTo(leaderZxid);
        assertThatThrownBy(() -> replica.readLog(E1 + 2)).isInstanceOf(IOException.class)
                .hasMessageContaining("history only after");
        restart();
        assertLeaderTree(leaderZxid);
        assertThat(replica.historyStart()).isEqualTo(leaderZxid);
    }

    @Test
    void zookeeperConfigShowsThisServersMembershipAlsoAfterALeadersSnapshotReplacedTheTree() throws Exception {
        String text = "server.1=127.0.0.1:2888:3888:participant\nserver.2=127.0.0.1:2889:3889:participant\nversion=0";
        replica.showConfig(text, 0);
        assertConfigShown(text);

        SnapshotInstall install = replica.installSnapshot(Zxid.of(3, 7));
        loadLeaderTree(install, Zxid.of(3, 7));
        install.finish();

        assertConfigShown(text);
    }

    private void assertConfigShown(String text) {
        DataNode config = db.tree().node("/zookeeper/config");
        assertThat(new String(config.data(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(config.version()).isEqualTo(-1);
        assertThat(config.mzxid()).isZero();
    }

    @Test
    void anAbandonedSnapshotLeavesTheDatabaseAsItWas() throws Exception {
        List<TxnEntry> mine = creates(1, 3);
        logAll(mine);
        commitAll(mine);

        SnapshotInstall install = replica.installSnapshot(Zxid.of(3, 7));
        install.session(0x77L, 5000);
        install.node(node("", 0));
        install.abandon();

        assertThat(db.lastProcessedZxid()).isEqualTo(E1 + 3);
        assertThat(db.tree().node("/n" + (E1 + 3))).isNotNull();
        assertThat(db.sessions().isActive(0x77L)).isFalse();
    }

    private static SnapshotNode node(String path, long zxid) {
        return new SnapshotNode(path, path.getBytes(StandardCharsets.UTF_8), -1L,
                new StatPersisted(zxid, zxid, 1, 1, 0, 0, 0, 0, zxid));
    }

    private static void loadLeaderTree(SnapshotInstall install, long zxid) {
        install.session(0x42L, 6000);
        install.acl(1L, List.of(new Acl(Perms.ALL, new Id("world", "anyone"))));
        install.node(node("", 0));
        install.node(node("/zookeeper", 0));
        install.node(node("/leader", zxid));
    }

    private void assertLeaderTree(long zxid) {
        assertThat(db.lastProcessedZxid()).isEqualTo(zxid);
        assertThat(db.tree().node("/leader")).isNotNull();
        assertThat(db.tree().node("/n" + (E1 + 1))).isNull();
        assertThat(db.sessions().isActive(0x42L)).isTrue();
    }
}
