package io.paddock.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.storage.testkit.SampleTrees;
import io.paddock.storage.testkit.SampleTrees.CollectingSink;
import io.paddock.storage.testkit.SampleTrees.Tree;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.jute.Record;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.Request;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.apache.zookeeper.txn.CreateSessionTxn;
import org.apache.zookeeper.txn.DeleteTxn;
import org.apache.zookeeper.txn.TxnDigest;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataDir written by ZooKeeper 3.9.3's own FileTxnSnapLog loads as is. */
class WeReadZooKeepersFilesTest {
    private static final long T = 1_700_000_000_000L;
    private static final long SESSION = 0x10;

    @TempDir
    Path dataDir;

    private final Map<Long, Long> digests = new HashMap<>();
    private final Map<String, DataNode> nodesAtSnapshot = new HashMap<>();
    private final Map<String, List<ACL>> aclsAtSnapshot = new HashMap<>();
    private File snapshotFile;

    /**
     * Drives ZooKeeper's DataTree and FileTxnSnapLog as its SyncRequestProcessor would: snapshot.0
     * of the empty tree, txns 1-5 (one an error), roll, snapshot.5, then txns 6-7.
     */
    @BeforeEach
    void zooKeeperWritesADataDir() throws IOException {
        FileTxnSnapLog zk = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
        DataTree dt = new DataTree();
        ConcurrentHashMap<Long, Integer> sessions = new ConcurrentHashMap<>();
        zk.save(dt, sessions, false);

        List<ACL> digestAcl = List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, new Id("digest", "bob:X=")));
        apply(zk, dt, 1, ZooDefs.OpCode.createSession, new CreateSessionTxn(30_000), true);
        sessions.put(SESSION, 30_000);
        apply(zk, dt, 2, ZooDefs.OpCode.create,
                new org.apache.zookeeper.txn.CreateTxn("/a", bytes("hello"), ZooDefs.Ids.OPEN_ACL_UNSAFE, false, 1), true);
        apply(zk, dt, 3, ZooDefs.OpCode.create,
                new org.apache.zookeeper.txn.CreateTxn("/a/b", null, digestAcl, true, 1), true);
        apply(zk, dt, 4, ZooDefs.OpCode.setData, new org.apache.zookeeper.txn.SetDataTxn("/a", bytes("world"), 1), true);
        apply(zk, dt, 5, ZooDefs.OpCode.error, new org.apache.zookeeper.txn.ErrorTxn(-110), false);
        zk.commit();
        zk.rollLog();
        snapshotFile = zk.save(dt, sessions, false);
        for (String path : List.of("", "/zookeeper", "/zookeeper/quota", "/zookeeper/config", "/a", "/a/b")) {
            DataNode node = dt.getNode(path);
            nodesAtSnapshot.put(path, new DataNode(node.getData(), 0L, copy(node.stat)));
            aclsAtSnapshot.put(path, dt.getACL(node));
        }
        apply(zk, dt, 6, ZooDefs.OpCode.create,
                new org.apache.zookeeper.txn.CreateTxn("/c", bytes("c"), ZooDefs.Ids.OPEN_ACL_UNSAFE, false, 3), true);
        apply(zk, dt, 7, ZooDefs.OpCode.delete, new DeleteTxn("/c"), true);
        zk.commit();
        zk.close();
    }

    private void apply(FileTxnSnapLog zk, DataTree dt, long zxid, int type, Record txn, boolean withDigest) throws IOException {
        TxnHeader hdr = new TxnHeader(SESSION, (int) zxid, zxid, T + zxid, type);
        dt.processTxn(hdr, txn);
        Request request = new Request(SESSION, (int) zxid, type, hdr, txn, zxid);
        if (withDigest) {
            request.setTxnDigest(new TxnDigest(2, dt.getTreeDigest()));
            digests.put(zxid, dt.getTreeDigest());
        }
        zk.append(request);
    }

    private static org.apache.zookeeper.data.StatPersisted copy(org.apache.zookeeper.data.StatPersisted s) {
        return new org.apache.zookeeper.data.StatPersisted(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(),
                s.getVersion(), s.getCversion(), s.getAversion(), s.getEphemeralOwner(), s.getPzxid());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Storage open() throws IOException {
        return new FileStorageBackend().open(StorageOptions.of(dataDir));
    }

    @Test
    void zooKeepersSnapshotHasTheOptionalSectionsWeMustAccept() throws IOException {
        // 3.9 writes: ... seal, ZxidDigest (20) + seal (13), lastProcessedZxid (8) + seal (13).
        byte[] file = Files.readAllBytes(snapshotFile.toPath());
        byte[] sealTail = {0, 0, 0, 1, '/'};
        int end = file.length;
        assertThat(Arrays.copyOfRange(file, end - 5, end)).isEqualTo(sealTail);
        assertThat(Arrays.copyOfRange(file, end - 21 - 5, end - 21)).isEqualTo(sealTail);
        assertThat(Arrays.copyOfRange(file, end - 54 - 5, end - 54)).isEqualTo(sealTail);
    }

    @Test
    void weReadZooKeepersLogAcrossItsFiles() throws IOException {
        try (Storage storage = open()) {
            assertThat(storage.txnLog().lastZxid()).isEqualTo(7);
            List<TxnEntry> entries = Txns.readAll((FileTxnLog) storage.txnLog(), 0);
            assertThat(Txns.zxids(entries)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(entries).extracting(TxnEntry::type).containsExactly(OpCode.CREATE_SESSION, OpCode.CREATE,
                    OpCode.CREATE, OpCode.SET_DATA, OpCode.ERROR, OpCode.CREATE, OpCode.DELETE);
            for (TxnEntry e : entries) {
                assertThat(e.header().clientId()).isEqualTo(SESSION);
                assertThat(e.header().time()).isEqualTo(T + e.zxid());
                if (digests.containsKey(e.zxid())) {
                    assertThat(e.digest()).as("digest of %d", e.zxid()).isNotNull();
                    assertThat(e.digest().treeDigest()).isEqualTo(digests.get(e.zxid()));
                    assertThat(e.digest().version()).isEqualTo(2);
                } else {
                    assertThat(e.digest()).isNull();
                }
            }
            CreateTxn create = (CreateTxn) entries.get(1).txn();
            assertThat(create.path()).isEqualTo("/a");
            assertThat(create.data()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(create.acl()).isEqualTo(Perms.OPEN_ACL_UNSAFE);
            assertThat(((CreateTxn) entries.get(2).txn()).data()).isNull();
            assertThat(((CreateTxn) entries.get(2).txn()).ephemeral()).isTrue();
            assertThat(((SetDataTxn) entries.get(3).txn()).version()).isEqualTo(1);
            assertThat(((ErrorTxn) entries.get(4).txn()).err()).isEqualTo(-110);

            assertThat(Txns.zxids(Txns.readAll((FileTxnLog) storage.txnLog(), 5))).containsExactly(6L, 7L);
        }
    }

    @Test
    void weLoadZooKeepersNewestSnapshotWithTheSameNodes() throws IOException {
        try (Storage storage = open()) {
            assertThat(storage.snapshots().list()).containsExactly(5L, 0L);
            CollectingSink sink = new CollectingSink();
            assertThat(storage.snapshots().loadNewest(sink)).hasValue(5);

            assertThat(sink.sessions).isEqualTo(Map.of(SESSION, 30_000));
            assertThat(sink.nodes.get(0).path()).isEmpty();
            assertThat(sink.nodes).extracting(SnapshotNode::path).containsExactlyInAnyOrderElementsOf(nodesAtSnapshot.keySet());
            for (SnapshotNode n : sink.nodes) {
                DataNode expected = nodesAtSnapshot.get(n.path());
                assertThat(n.data()).as(n.path()).isEqualTo(expected.getData());
                assertThat(n.stat()).as(n.path()).isEqualTo(ZooKeeperStats.toOurs(expected.stat));
                assertThat(n.aclRef() == -1 ? Perms.OPEN_ACL_UNSAFE : sink.acls.get(n.aclRef())).as(n.path())
                        .isEqualTo(ZooKeeperStats.aclToOurs(aclsAtSnapshot.get(n.path())));
            }
            SnapshotNode ephemeral = sink.nodes.stream().filter(n -> n.path().equals("/a/b")).findFirst().orElseThrow();
            assertThat(ephemeral.stat().ephemeralOwner()).isEqualTo(SESSION);
            assertThat(ephemeral.data()).isNull();
        }
    }

    @Test
    void snapshotsWeWriteNextToZooKeepersAreLoadedByZooKeeper() throws IOException {
        try (Storage storage = open()) {
            CollectingSink sink = new CollectingSink();
            storage.snapshots().loadNewest(sink);
            // Re-write ZooKeeper's snapshot 5 content as ours at 7 after replaying nothing: the
            // tree ZooKeeper restores must be the same one.
            storage.snapshots().write(7, new Tree(sink.sessions, sink.acls, sink.nodes, null));
        }
        FileTxnSnapLog zk = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
        DataTree dt = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        assertThat(zk.restore(dt, sessions, (h, t, d) -> { })).isEqualTo(7);
        zk.close();
        assertThat(sessions).isEqualTo(Map.of(SESSION, 30_000));
        for (Map.Entry<String, DataNode> e : nodesAtSnapshot.entrySet()) {
            DataNode node = dt.getNode(e.getKey());
            assertThat(node).as(e.getKey()).isNotNull();
            assertThat(node.getData()).isEqualTo(e.getValue().getData());
            assertThat(ZooKeeperStats.toOurs(node.stat)).isEqualTo(ZooKeeperStats.toOurs(e.getValue().stat));
        }
    }
}
