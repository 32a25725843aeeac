package io.paddock.server.tree;

import io.paddock.api.storage.ZxidDigest;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.txn.CheckVersionTxn;
import io.paddock.api.txn.CloseSessionTxn;
import io.paddock.api.txn.CreateContainerTxn;
import io.paddock.api.txn.CreateSessionTxn;
import io.paddock.api.txn.CreateTtlTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.MultiTxn;
import io.paddock.api.txn.SetAclTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.Txn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.Test;

/**
 * The tree digest (protocol.md section 16.6) against ZooKeeper 3.9.3's own DataTree: the same
 * txns with the same zxids and times go to both trees, and after each one the digests must be
 * equal.
 */
class TreeDigestTest {
    private static final long SESSION = 0x1000001L;
    private static final List<Acl> CREATOR_DIGEST = List.of(new Acl(Perms.ALL, new Id("digest", "u:abc=")));

    private final DataTree paddock = new DataTree();
    private final org.apache.zookeeper.server.DataTree zookeeper = new org.apache.zookeeper.server.DataTree();
    private long zxid;

    @Test
    void aNewTreeHasZooKeepersDigestOfRootAndSlashZookeeper() {
        assertThat(paddock.digest()).isEqualTo(zookeeper.getTreeDigest()).isNotZero();
        assertThat(paddock.lastZxidDigest()).isNull();
    }

    @Test
    void createsOfEveryKindMatchZooKeeper() {
        both(OpCode.CREATE, new CreateTxn("/a", bytes("one"), Perms.OPEN_ACL_UNSAFE, false, -1));
        both(OpCode.CREATE2, new CreateTxn("/a/b", null, CREATOR_DIGEST, false, 1));
        both(OpCode.CREATE, new CreateTxn("/a/eph", new byte[0], Perms.OPEN_ACL_UNSAFE, true, 2), SESSION);
        both(OpCode.CREATE, new CreateTxn("/a/seq0000000003", bytes("s"), Perms.OPEN_ACL_UNSAFE, false, 3));
        both(OpCode.CREATE_CONTAINER, new CreateContainerTxn("/c", bytes("box"), Perms.OPEN_ACL_UNSAFE, 2));
        both(OpCode.CREATE_TTL, new CreateTtlTxn("/t", null, Perms.OPEN_ACL_UNSAFE, 3, 60_000));
        both(OpCode.CREATE, new CreateTxn("/ünïcödé", bytes("x"), Perms.OPEN_ACL_UNSAFE, false, 4));
        assertThat(paddock.digest()).isEqualTo(recomputed());
    }

    @Test
    void setDataSetAclAndDeletesMatchZooKeeper() {
        both(OpCode.CREATE, new CreateTxn("/a", bytes("one"), Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE, new CreateTxn("/a/x", bytes("x"), Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE, new CreateTxn("/a/y", null, Perms.OPEN_ACL_UNSAFE, false, 2));
        both(OpCode.SET_DATA, new SetDataTxn("/a", bytes("two"), 1));
        both(OpCode.SET_DATA, new SetDataTxn("/a/x", null, 1));
        both(OpCode.SET_DATA, new SetDataTxn("/", bytes("root data"), 1));
        both(OpCode.SET_ACL, new SetAclTxn("/a/y", CREATOR_DIGEST, 1));
        both(OpCode.SET_ACL, new SetAclTxn("/", Perms.OPEN_ACL_UNSAFE, 1));
        both(OpCode.DELETE, new DeleteTxn("/a/x"));
        both(OpCode.DELETE, new DeleteTxn("/a/y"));
        both(OpCode.DELETE, new DeleteTxn("/a"));
        both(OpCode.CREATE, new CreateTxn("/a", bytes("again"), Perms.OPEN_ACL_UNSAFE, false, 2));
        assertThat(paddock.digest()).isEqualTo(recomputed());
    }

    @Test
    void closingASessionDeletesItsEphemeralsAndMatchesZooKeeper() {
        both(OpCode.CREATE_SESSION, new CreateSessionTxn(30_000), SESSION);
        both(OpCode.CREATE, new CreateTxn("/p", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE, new CreateTxn("/p/e1", bytes("1"), Perms.OPEN_ACL_UNSAFE, true, 1), SESSION);
        both(OpCode.CREATE, new CreateTxn("/p/e2", bytes("2"), Perms.OPEN_ACL_UNSAFE, true, 2), SESSION);
        both(OpCode.CLOSE_SESSION, new CloseSessionTxn(List.of("/p/e1", "/p/e2")), SESSION);
        assertThat(paddock.node("/p").numChildren()).isZero();
    }

    @Test
    void multiAppliesAllOrNothingAndMatchesZooKeeper() {
        both(OpCode.CREATE, new CreateTxn("/m", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.MULTI, new MultiTxn(List.of(
                new MultiTxn.Entry(OpCode.CREATE, new CreateTxn("/m/1", bytes("a"), Perms.OPEN_ACL_UNSAFE, false, 1)),
                new MultiTxn.Entry(OpCode.CHECK, new CheckVersionTxn("/m", 0)),
                new MultiTxn.Entry(OpCode.SET_DATA, new SetDataTxn("/m", bytes("b"), 1)),
                new MultiTxn.Entry(OpCode.DELETE, new DeleteTxn("/m/1")))));
        long before = paddock.digest();
        both(OpCode.MULTI, new MultiTxn(List.of(
                new MultiTxn.Entry(OpCode.CREATE, new CreateTxn("/m/2", null, Perms.OPEN_ACL_UNSAFE, false, 3)),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(Code.NONODE)),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(Code.RUNTIMEINCONSISTENCY)))));
        assertThat(paddock.digest()).isEqualTo(before);
    }

    @Test
    void replayedCreateOfAnExistingNodeCatchesUpTheParentInTheDigestToo() {
        both(OpCode.CREATE, new CreateTxn("/r", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE, new CreateTxn("/r/x", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE, new CreateTxn("/r/x", null, Perms.OPEN_ACL_UNSAFE, false, 7));
        assertThat(paddock.node("/r").storedCversion()).isEqualTo(7);
        assertThat(paddock.digest()).isEqualTo(recomputed());
    }

    @Test
    void replayedCreate2OfAnExistingNodeLeavesTheParentAsZooKeeperDoes() {
        both(OpCode.CREATE, new CreateTxn("/r", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE2, new CreateTxn("/r/x", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE2, new CreateTxn("/r/x", null, Perms.OPEN_ACL_UNSAFE, false, 7));
        both(OpCode.CREATE_CONTAINER, new CreateContainerTxn("/r/x", null, Perms.OPEN_ACL_UNSAFE, 8));
        assertThat(paddock.node("/r").storedCversion()).isEqualTo(1);
        both(OpCode.CREATE, new CreateTxn("/r/x", null, Perms.OPEN_ACL_UNSAFE, false, -1));
        assertThat(paddock.node("/r").storedCversion()).isEqualTo(2);
    }

    @Test
    void replayedDeleteOfAMissingChildStillMovesTheParentsPzxidAsZooKeeperDoes() {
        both(OpCode.CREATE, new CreateTxn("/d", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.DELETE, new DeleteTxn("/d/gone"));
        assertThat(paddock.node("/d").pzxid()).isEqualTo(zxid);
        both(OpCode.CREATE_SESSION, new CreateSessionTxn(30_000), SESSION);
        both(OpCode.CLOSE_SESSION, new CloseSessionTxn(List.of("/d/gone-too")), SESSION);
        assertThat(paddock.node("/d").pzxid()).isEqualTo(zxid);
        both(OpCode.DELETE, new DeleteTxn("/nowhere/gone"));
    }

    @Test
    void nodesBelowSlashZookeeperAreLeftOut() {
        long before = paddock.digest();
        both(OpCode.CREATE, new CreateTxn("/zookeeper/quota/q", bytes("x"), Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.SET_DATA, new SetDataTxn("/zookeeper/config", bytes("server.1=x"), 1));
        assertThat(paddock.digest()).isEqualTo(before);
        both(OpCode.SET_DATA, new SetDataTxn("/zookeeper", bytes("counted"), 1));
        assertThat(paddock.digest()).isNotEqualTo(before);
    }

    @Test
    void digestLogKeepsEvery128thZxidLikeZooKeeper() {
        both(OpCode.CREATE, new CreateTxn("/n", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        for (int i = 1; i < 300; i++) {
            both(OpCode.SET_DATA, new SetDataTxn("/n", bytes("v" + i), i));
        }
        assertThat(paddock.digestLog().entries()).extracting(ZxidDigest::zxid).containsExactly(128L, 256L);
        assertThat(paddock.lastZxidDigest()).isEqualTo(new ZxidDigest(300, 2, paddock.digest()));
        assertThat(logOf(paddock)).isEqualTo(logOf(zookeeper));
    }

    @Test
    void digestLogIsBoundedTo1024Entries() {
        both(OpCode.CREATE, new CreateTxn("/n", null, Perms.OPEN_ACL_UNSAFE, false, 1));
        for (int i = 1; i <= 1100; i++) {
            zxid = 128L * i - 1; // the next txn lands on a logged zxid
            both(OpCode.SET_DATA, new SetDataTxn("/n", null, i));
        }
        List<ZxidDigest> entries = paddock.digestLog().entries();
        assertThat(entries).hasSize(1024);
        assertThat(entries.get(0).zxid()).isEqualTo(128L * 77);
        assertThat(logOf(paddock)).isEqualTo(logOf(zookeeper));
    }

    @Test
    void aTreeLoadedFromItsSnapshotWalkHasTheSameDigest() {
        both(OpCode.CREATE, new CreateTxn("/a", bytes("one"), Perms.OPEN_ACL_UNSAFE, false, 1));
        both(OpCode.CREATE, new CreateTxn("/a/e", null, CREATOR_DIGEST, true, 1), SESSION);
        both(OpCode.SET_DATA, new SetDataTxn("/", bytes("r"), 1));
        DataTree loaded = DataTree.forLoading();
        paddock.aclCache().entries().forEach(loaded.aclCache()::restore);
        paddock.forEachNode(loaded::load);
        loaded.finishLoad();
        assertThat(loaded.digest()).isEqualTo(paddock.digest()).isEqualTo(zookeeper.getTreeDigest());
    }

    // ---- helpers

    private void both(int type, Txn txn) {
        both(type, txn, 0);
    }

    /** Applies the txn to both trees with the next zxid and checks their digests agree. */
    private void both(int type, Txn txn, long session) {
        long z = ++zxid;
        long time = 1_700_000_000_000L + z;
        paddock.apply(type, txn, session, z, time);
        zookeeper.processTxn(new TxnHeader(session, (int) z, z, time, type), zk(txn));
        assertThat(paddock.digest()).as("digest after %s at zxid %d", OpCode.name(type), z)
                .isEqualTo(zookeeper.getTreeDigest());
    }

    /** The digest by a walk over every node, to check the incremental one. */
    private long recomputed() {
        long sum = 0;
        List<String> todo = new ArrayList<>(List.of("/"));
        while (!todo.isEmpty()) {
            String path = todo.remove(todo.size() - 1);
            DataNode node = paddock.node(path);
            sum += NodeDigest.of(path, node);
            node.children().forEach(c -> todo.add(path.equals("/") ? "/" + c : path + "/" + c));
        }
        return sum;
    }

    private static List<String> logOf(DataTree tree) {
        return tree.digestLog().entries().stream().map(d -> d.zxid() + ":" + d.version() + ":" + d.digest()).toList();
    }

    private static List<String> logOf(org.apache.zookeeper.server.DataTree tree) {
        return tree.getDigestLog().stream()
                .map(d -> d.getZxid() + ":" + d.getDigestVersion() + ":" + d.getDigest()).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ACL> zk(List<Acl> acl) {
        return acl.stream().map(a -> new ACL(a.perms(), new org.apache.zookeeper.data.Id(a.id().scheme(),
                a.id().id()))).toList();
    }

    private static Record zk(Txn txn) {
        if (txn instanceof CreateTxn t) {
            return new org.apache.zookeeper.txn.CreateTxn(t.path(), t.data(), zk(t.acl()), t.ephemeral(),
                    t.parentCVersion());
        } else if (txn instanceof CreateContainerTxn t) {
            return new org.apache.zookeeper.txn.CreateContainerTxn(t.path(), t.data(), zk(t.acl()),
                    t.parentCVersion());
        } else if (txn instanceof CreateTtlTxn t) {
            return new org.apache.zookeeper.txn.CreateTTLTxn(t.path(), t.data(), zk(t.acl()), t.parentCVersion(),
                    t.ttl());
        } else if (txn instanceof DeleteTxn t) {
            return new org.apache.zookeeper.txn.DeleteTxn(t.path());
        } else if (txn instanceof SetDataTxn t) {
            return new org.apache.zookeeper.txn.SetDataTxn(t.path(), t.data(), t.version());
        } else if (txn instanceof SetAclTxn t) {
            return new org.apache.zookeeper.txn.SetACLTxn(t.path(), zk(t.acl()), t.version());
        } else if (txn instanceof CheckVersionTxn t) {
            return new org.apache.zookeeper.txn.CheckVersionTxn(t.path(), t.version());
        } else if (txn instanceof CloseSessionTxn t) {
            return new org.apache.zookeeper.txn.CloseSessionTxn(t.paths2Delete());
        } else if (txn instanceof CreateSessionTxn t) {
            return new org.apache.zookeeper.txn.CreateSessionTxn(t.timeOut());
        } else if (txn instanceof ErrorTxn t) {
            return new org.apache.zookeeper.txn.ErrorTxn(t.err());
        } else if (txn instanceof MultiTxn t) {
            List<org.apache.zookeeper.txn.Txn> subs = new ArrayList<>();
            for (MultiTxn.Entry e : t.txns()) {
                subs.add(new org.apache.zookeeper.txn.Txn(e.type(), serialize(zk(e.txn()))));
            }
            return new org.apache.zookeeper.txn.MultiTxn(subs);
        }
        throw new IllegalArgumentException("no ZooKeeper txn for " + txn);
    }

    private static byte[] serialize(Record r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            r.serialize(BinaryOutputArchive.getArchive(out), "txn");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
