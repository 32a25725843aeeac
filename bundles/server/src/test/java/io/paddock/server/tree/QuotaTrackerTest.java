package io.paddock.server.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.SetDataTxn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaTrackerTest {
    private final DataTree tree = new DataTree();
    private long zxid;

    private void create(String path, String data) {
        tree.apply(OpCode.CREATE, new CreateTxn(path, data == null ? null : bytes(data), Perms.OPEN_ACL_UNSAFE,
                false, -1), 0, ++zxid, zxid);
    }

    private void delete(String path) {
        tree.apply(OpCode.DELETE, new DeleteTxn(path), 0, ++zxid, zxid);
    }

    private void setData(String path, String data) {
        tree.apply(OpCode.SET_DATA, new SetDataTxn(path, bytes(data), 1), 0, ++zxid, zxid);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String data(String path) {
        return new String(tree.node(path).data(), StandardCharsets.UTF_8);
    }

    /** What zkCli's setquota creates, in its order: limits, then stats. */
    private void setQuota(String path, String limits) {
        create("/zookeeper/quota" + path, null);
        create("/zookeeper/quota" + path + "/zookeeper_limits", limits);
        create("/zookeeper/quota" + path + "/zookeeper_stats", "count=0,bytes=0");
    }

    @Test
    void creatingTheStatsNodeCountsTheExistingSubtreeIncludingItsRoot() {
        create("/app", "abc");
        create("/app/x", "12345");
        setQuota("/app", "count=10,bytes=100");
        assertThat(data("/zookeeper/quota/app/zookeeper_stats")).isEqualTo("count=2,bytes=8");
        assertThat(tree.node("/zookeeper/quota/app/zookeeper_stats").version()).isZero();
    }

    @Test
    void createsDeletesAndSetDataMoveTheStatsOfTheLongestQuotaPrefix() {
        create("/app", null);
        create("/app/sub", null);
        setQuota("/app", "count=10,bytes=100");
        setQuota("/app/sub", "count=10,bytes=100");
        create("/app/a", "xy");
        create("/app/sub/b", "xyz");
        create("/app/sub/c", null);
        setData("/app/sub/b", "x");
        delete("/app/sub/c");
        assertThat(data("/zookeeper/quota/app/zookeeper_stats")).isEqualTo("count=3,bytes=2");
        assertThat(data("/zookeeper/quota/app/sub/zookeeper_stats")).isEqualTo("count=2,bytes=1");
    }

    @Test
    void nameThatOnlyStartsLikeAQuotaPathIsNotCounted() {
        create("/app", null);
        setQuota("/app", "count=10,bytes=100");
        create("/apple", "xx");
        assertThat(data("/zookeeper/quota/app/zookeeper_stats")).isEqualTo("count=1,bytes=0");
    }

    @Test
    void deletingTheLimitsNodeStopsTracking() {
        create("/app", null);
        setQuota("/app", "count=10,bytes=100");
        delete("/zookeeper/quota/app/zookeeper_limits");
        create("/app/a", "xy");
        assertThat(tree.quotas().maxPrefix("/app/a")).isNull();
        assertThat(data("/zookeeper/quota/app/zookeeper_stats")).isEqualTo("count=1,bytes=0");
    }

    @Test
    void statsRewriteKeepsUnknownKeysInZooKeepersOrder() {
        QuotaText t = QuotaText.parse(bytes("count=4,bytes=5=;countHardLimit=10;byteHardLimit=-1"));
        assertThat(t.count()).isEqualTo(4);
        assertThat(t.countHardLimit()).isEqualTo(10);
        assertThat(t.plus(1, -2).toString()).isEqualTo("count=5,bytes=3=;byteHardLimit=-1;countHardLimit=10");
        assertThat(QuotaText.parse(bytes("junk,count=1")).toString()).isEqualTo("count=1,bytes=-1");
        assertThat(QuotaText.parse(null).count()).isEqualTo(-1);
    }

    @Test
    void hardLimitIsTheOneInForceAndASoftLimitOnlyWarns() {
        create("/app", null);
        setQuota("/app", "count=1,bytes=-1=;countHardLimit=3");
        QuotaTracker q = tree.quotas();
        assertThat(q.exceedsHardLimit("/app/a", 0, 1)).isFalse(); // 2 <= hard 3, soft 1 ignored
        create("/app/a", null);
        create("/app/b", null);
        assertThat(q.exceedsHardLimit("/app/c", 0, 1)).isTrue();
        assertThat(q.exceedsHardLimit("/app/a", 100, 0)).isFalse(); // bytes have no limit

        setQuota("/app/b", "count=-1,bytes=2");
        assertThat(q.exceedsHardLimit("/app/b", 5, 0)).isFalse(); // soft bytes: a warning only
        setData("/zookeeper/quota/app/b/zookeeper_limits", "count=-1,bytes=-1=;byteHardLimit=2");
        assertThat(q.exceedsHardLimit("/app/b", 3, 0)).isTrue();
        assertThat(q.exceedsHardLimit("/app/b", 2, 0)).isFalse();
        assertThat(q.exceedsHardLimit("/app/b", 0, 0)).isFalse();
    }

    @Test
    void loadingASnapshotRecomputesStatsAndQuotaPaths() {
        create("/app", "abc");
        setQuota("/app", "count=10,bytes=100");
        create("/app/x", "12");
        // A stale stats node in the snapshot is rewritten from the tree at load.
        tree.node("/zookeeper/quota/app/zookeeper_stats").data = bytes("count=99,bytes=99");
        List<SnapshotNode> nodes = new ArrayList<>();
        tree.forEachNode(nodes::add);
        DataTree loaded = DataTree.forLoading();
        tree.aclCache().entries().forEach(loaded.aclCache()::restore);
        nodes.forEach(loaded::load);
        loaded.finishLoad();
        assertThat(new String(loaded.node("/zookeeper/quota/app/zookeeper_stats").data(), StandardCharsets.UTF_8))
                .isEqualTo("count=2,bytes=5");
        assertThat(loaded.quotas().maxPrefix("/app/x/y")).isEqualTo("/app");
    }
}
