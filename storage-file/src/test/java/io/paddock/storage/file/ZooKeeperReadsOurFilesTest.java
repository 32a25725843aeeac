package io.paddock.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.txn.CloseSessionTxn;
import io.paddock.api.txn.CreateSessionTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.MultiTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.Txn;
import io.paddock.api.txn.TxnDigest;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import io.paddock.storage.testkit.SampleTrees;
import io.paddock.storage.testkit.SampleTxns;
import io.paddock.storage.testkit.SampleTrees.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.apache.zookeeper.server.persistence.TxnLog.TxnIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZooKeeper 3.9's own persistence classes as the oracle: they must read what we write. */
class ZooKeeperReadsOurFilesTest {
    private static final long T = 1_700_000_000_000L;
    private static final long SESSION = SampleTxns.SESSION;

    @TempDir
    Path dataDir;

    private Storage open() throws IOException {
        return new FileStorageBackend().open(StorageOptions.of(dataDir));
    }

    private static TxnEntry entry(long zxid, int type, Txn txn, boolean digest) {
        return new TxnEntry(new TxnHeader(SESSION, (int) zxid, zxid, T + zxid, type), txn,
                digest ? new TxnDigest(2, 0x5EED0000L + zxid) : null);
    }

    /** A log with each kind of entry: session, create, setData, error (twice at one zxid), multi, closeSession. */
    private static List<TxnEntry> varietyOfEntries() {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        return List.of(
                entry(1, OpCode.CREATE_SESSION, new CreateSessionTxn(30_000), true),
                entry(2, OpCode.CREATE, new CreateTxn("/a", hello, Perms.OPEN_ACL_UNSAFE, false, 1), true),
                entry(3, OpCode.SET_DATA, new SetDataTxn("/a", null, 1), true),
                entry(4, OpCode.ERROR, new ErrorTxn(-110), false),
                entry(4, OpCode.ERROR, new ErrorTxn(-5), false),
                entry(5, OpCode.CREATE, new CreateTxn("/a/e", new byte[0], SampleTxns.DIGEST_ACL, true, 1), true),
                entry(6, OpCode.MULTI, new MultiTxn(List.of(
                        new MultiTxn.Entry(OpCode.CREATE, new CreateTxn("/m1", hello, Perms.OPEN_ACL_UNSAFE, false, 2)),
                        new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(-110)),
                        new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(-2)))), true),
                entry(7, OpCode.CLOSE_SESSION, new CloseSessionTxn(List.of("/a/e")), true));
    }

    @Test
    void zooKeepersTxnLogReadsOurLogAcrossFiles() throws IOException {
        List<TxnEntry> entries = varietyOfEntries();
        try (Storage storage = open()) {
            TxnLog log = storage.txnLog();
            for (int i = 0; i < entries.size(); i++) {
                log.append(entries.get(i));
                if (i == 3) {
                    log.flush();
                    log.roll();
                }
            }
            log.flush();
        }

        List<long[]> read = new ArrayList<>();
        List<Object> bodies = new ArrayList<>();
        org.apache.zookeeper.server.persistence.FileTxnLog zk =
                new org.apache.zookeeper.server.persistence.FileTxnLog(dataDir.resolve("version-2").toFile());
        try (TxnIterator it = zk.read(1)) {
            while (it.getHeader() != null) {
                org.apache.zookeeper.txn.TxnDigest digest = it.getDigest();
                read.add(new long[] {it.getHeader().getZxid(), it.getHeader().getType(), it.getHeader().getClientId(),
                        digest == null ? -1 : digest.getTreeDigest()});
                bodies.add(it.getTxn());
                if (!it.next()) {
                    break;
                }
            }
        }
        zk.close();

        assertThat(read).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            TxnEntry e = entries.get(i);
            assertThat(read.get(i)).containsExactly(e.zxid(), e.type(), SESSION, e.digest() == null ? -1 : e.digest().treeDigest());
        }
        org.apache.zookeeper.txn.CreateTxn create = (org.apache.zookeeper.txn.CreateTxn) bodies.get(1);
        assertThat(create.getPath()).isEqualTo("/a");
        assertThat(create.getData()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(((org.apache.zookeeper.txn.SetDataTxn) bodies.get(2)).getData()).isNull();
        org.apache.zookeeper.txn.CreateTxn ephemeral = (org.apache.zookeeper.txn.CreateTxn) bodies.get(5);
        assertThat(ephemeral.getEphemeral()).isTrue();
        assertThat(ephemeral.getAcl()).extracting(a -> a.getId().getScheme() + ":" + a.getId().getId() + "=" + a.getPerms())
                .containsExactly("digest:alice:HASH==3", "world:anyone=1");
        assertThat(((org.apache.zookeeper.txn.MultiTxn) bodies.get(6)).getTxns())
                .extracting(org.apache.zookeeper.txn.Txn::getType).containsExactly(OpCode.CREATE, OpCode.ERROR, OpCode.ERROR);
        assertThat(((org.apache.zookeeper.txn.CloseSessionTxn) bodies.get(7)).getPaths2Delete()).containsExactly("/a/e");
    }

    @Test
    void zooKeeperRestoresOurSnapshotAndReplaysOurLogOverIt() throws IOException {
        Tree tree = SampleTrees.sample(5);
        try (Storage storage = open()) {
            storage.snapshots().write(5, tree);
            storage.txnLog().append(new TxnEntry(new TxnHeader(SESSION, 1, 6, T, OpCode.CREATE),
                    new CreateTxn("/app/new", "n".getBytes(StandardCharsets.UTF_8), Perms.OPEN_ACL_UNSAFE, false, 4), null));
            storage.txnLog().append(new TxnEntry(new TxnHeader(SESSION, 2, 7, T, OpCode.SET_DATA),
                    new SetDataTxn("/app", "v7".getBytes(StandardCharsets.UTF_8), 4), null));
            storage.txnLog().flush();
        }

        FileTxnSnapLog zk = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
        DataTree dt = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        long last = zk.restore(dt, sessions, (hdr, txn, digest) -> { });
        zk.close();

        assertThat(last).isEqualTo(7);
        assertThat(sessions).isEqualTo(tree.sessions());
        for (SnapshotNode n : tree.nodes()) {
            DataNode node = dt.getNode(n.path());
            assertThat(node).as(n.path()).isNotNull();
            if (!n.path().equals("/app")) {
                assertThat(node.getData()).as(n.path()).isEqualTo(n.data());
                assertThat(ZooKeeperStats.toOurs(node.stat)).as(n.path()).isEqualTo(n.stat());
            }
            List<ACL> acl = dt.getACL(node);
            assertThat(ZooKeeperStats.aclToOurs(acl)).as(n.path())
                    .isEqualTo(n.aclRef() == -1 ? Perms.OPEN_ACL_UNSAFE : tree.acls().get(n.aclRef()));
        }
        assertThat(dt.getNode("/app").getData()).asString(StandardCharsets.UTF_8).isEqualTo("v7");
        assertThat(dt.getNode("/app").stat.getVersion()).isEqualTo(4);
        assertThat(dt.getNode("/app/new").getData()).asString(StandardCharsets.UTF_8).isEqualTo("n");
        assertThat(dt.getNode("/app/null").getData()).isNull();
        assertThat(dt.getNode("/app/empty").getData()).isEmpty();
    }

    @Test
    void zooKeepersFileSnapLoadsOurSnapshotAlone() throws Exception {
        Tree tree = SampleTrees.sample(0x10);
        try (Storage storage = open()) {
            storage.snapshots().write(0x10, tree);
        }
        DataTree dt = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        FileSnap snap = new FileSnap(dataDir.resolve("version-2").toFile());
        assertThat(snap.deserialize(dt, sessions)).isEqualTo(0x10);
        assertThat(sessions).isEqualTo(tree.sessions());
        assertThat(dt.getNode("/app/eph").stat.getEphemeralOwner()).isEqualTo(SESSION);
        assertThat(dt.getChildren("/app", null, null)).containsExactlyInAnyOrder("null", "empty", "eph");
    }

    @Test
    void zooKeeperReadsOurLogAfterWeCutATornTail() throws IOException {
        try (Storage storage = open()) {
            for (TxnEntry e : Txns.creates(1, 3)) {
                storage.txnLog().append(e);
            }
            storage.txnLog().flush();
        }
        Path log1 = dataDir.resolve("version-2/log.1");
        long lastEntry = FileHeader.LENGTH + Txns.frameSize(Txns.create(1)) + Txns.frameSize(Txns.create(2));
        try (FileChannel ch = FileChannel.open(log1, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x7f}), lastEntry + LogEntryFormat.PREFIX + 30);
        }
        try (Storage storage = open()) {
            assertThat(storage.txnLog().lastZxid()).isEqualTo(2);
            storage.txnLog().append(Txns.create(3));
            storage.txnLog().flush();
        }

        List<Long> zxids = new ArrayList<>();
        org.apache.zookeeper.server.persistence.FileTxnLog zk =
                new org.apache.zookeeper.server.persistence.FileTxnLog(dataDir.resolve("version-2").toFile());
        try (TxnIterator it = zk.read(1)) {
            while (it.getHeader() != null) {
                zxids.add(it.getHeader().getZxid());
                if (!it.next()) {
                    break;
                }
            }
        }
        zk.close();
        assertThat(zxids).containsExactly(1L, 2L, 3L);
    }
}
