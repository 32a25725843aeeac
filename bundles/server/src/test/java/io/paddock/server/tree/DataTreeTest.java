package io.paddock.server.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.EventType;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.Stat;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.txn.CloseSessionTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.MultiTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.server.watch.WatchTable;
import io.paddock.server.watch.Watcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTreeTest {
    private final DataTree tree = new DataTree();
    private long zxid;

    private TxnResult create(String path, int parentCVersion, long owner) {
        return tree.apply(OpCode.CREATE, new CreateTxn(path, new byte[] {1}, Perms.OPEN_ACL_UNSAFE, owner != 0,
                parentCVersion), owner, ++zxid, 1000 + zxid);
    }

    @Test
    void newTreeHoldsTheSystemNodes() {
        assertThat(tree.node("/").children()).containsExactly("zookeeper");
        assertThat(tree.node("/zookeeper").children()).containsExactlyInAnyOrder("quota", "config");
        assertThat(tree.acl(tree.node("/zookeeper/config"))).isEqualTo(Perms.READ_ACL_UNSAFE);
        assertThat(tree.node("/zookeeper/config").aversion()).isEqualTo(-1);
        assertThat(tree.nodeCount()).isEqualTo(4);
    }

    @Test
    void clientCversionCountsCreationsAndDeletions() {
        create("/a", 1, 0);
        create("/a/x", 1, 0);
        create("/a/y", 2, 0);
        tree.apply(OpCode.DELETE, new DeleteTxn("/a/x"), 0, ++zxid, 0);
        Stat stat = tree.node("/a").stat();
        assertThat(tree.node("/a").storedCversion()).isEqualTo(2);
        assertThat(stat.numChildren()).isEqualTo(1);
        assertThat(stat.cversion()).isEqualTo(3);
        assertThat(stat.pzxid()).isEqualTo(zxid);
    }

    @Test
    void replayedCreateOfAnExistingNodeOnlyCatchesUpTheParent() {
        create("/a", 1, 0);
        create("/a/x", 1, 0);
        long parentPzxid = tree.node("/a").pzxid();
        // As over a fuzzy snapshot that already holds /a/x but not the parent's cversion.
        TxnResult again = tree.apply(OpCode.CREATE, new CreateTxn("/a/x", null, Perms.OPEN_ACL_UNSAFE, false, 5),
                0, ++zxid, 0);
        assertThat(again.err()).isEqualTo(Code.NODEEXISTS);
        assertThat(tree.node("/a").storedCversion()).isEqualTo(5);
        assertThat(tree.node("/a").pzxid()).isGreaterThan(parentPzxid);
        assertThat(tree.apply(OpCode.DELETE, new DeleteTxn("/nope"), 0, ++zxid, 0).err()).isEqualTo(Code.NONODE);
    }

    @Test
    void ephemeralsAreTrackedAndCloseSessionDeletesThem() {
        create("/e1", 1, 42);
        create("/e2", 2, 42);
        create("/p", 3, 0);
        assertThat(tree.ephemerals(42)).containsExactlyInAnyOrder("/e1", "/e2");
        assertThat(tree.node("/e1").stat().ephemeralOwner()).isEqualTo(42);
        tree.apply(OpCode.CLOSE_SESSION, new CloseSessionTxn(null), 42, ++zxid, 0);
        assertThat(tree.node("/e1")).isNull();
        assertThat(tree.node("/e2")).isNull();
        assertThat(tree.node("/p")).isNotNull();
        assertThat(tree.ephemerals(42)).isEmpty();
    }

    @Test
    void failedMultiChangesNothing() {
        TxnResult r = tree.apply(OpCode.MULTI, new MultiTxn(List.of(
                new MultiTxn.Entry(OpCode.CREATE, new CreateTxn("/m", null, Perms.OPEN_ACL_UNSAFE, false, 1)),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(Code.NODEEXISTS)),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(Code.RUNTIMEINCONSISTENCY)))), 0, ++zxid, 0);
        assertThat(tree.node("/m")).isNull();
        assertThat(r.subResults()).extracting(TxnResult::err)
                .containsExactly(Code.OK, Code.NODEEXISTS, Code.RUNTIMEINCONSISTENCY);
    }

    @Test
    void watchesFireOncePerWatcherAndDeleteSkipsTheAlreadyNotified() {
        List<String> seen = new ArrayList<>();
        Watcher w = (type, path, z) -> seen.add(type + " " + path);
        create("/w", 1, 0);
        tree.dataWatches().add("/w", w, WatchTable.STANDARD);
        tree.childWatches().add("/w", w, WatchTable.STANDARD);
        tree.childWatches().add("/", w, WatchTable.STANDARD);
        tree.apply(OpCode.DELETE, new DeleteTxn("/w"), 0, ++zxid, 0);
        assertThat(seen).containsExactly(EventType.NODE_DELETED + " /w", EventType.NODE_CHILDREN_CHANGED + " /");
        seen.clear();
        create("/w", 2, 0);
        tree.apply(OpCode.SET_DATA, new SetDataTxn("/w", null, 1), 0, ++zxid, 0);
        assertThat(seen).isEmpty();
    }

    @Test
    void snapshotWalkLoadsIntoAnEqualTree() {
        create("/a", 1, 0);
        create("/a/b", 1, 7);
        tree.apply(OpCode.SET_DATA, new SetDataTxn("/a", null, 1), 0, ++zxid, 5);
        List<SnapshotNode> nodes = new ArrayList<>();
        tree.forEachNode(nodes::add);
        assertThat(nodes.get(0).path()).isEmpty();
        DataTree loaded = DataTree.forLoading();
        tree.aclCache().entries().forEach(loaded.aclCache()::restore);
        nodes.forEach(loaded::load);
        loaded.finishLoad();
        assertThat(loaded.nodeCount()).isEqualTo(tree.nodeCount());
        for (String p : List.of("/", "/a", "/a/b", "/zookeeper", "/zookeeper/config")) {
            assertThat(loaded.node(p).stat()).as(p).isEqualTo(tree.node(p).stat());
            assertThat(loaded.acl(loaded.node(p))).as(p).isEqualTo(tree.acl(tree.node(p)));
        }
        assertThat(loaded.node("/a").data()).isNull();
        assertThat(loaded.ephemerals(7)).containsExactly("/a/b");
    }
}
