package io.paddock.server.reaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.txn.CreateContainerTxn;
import io.paddock.api.txn.CreateTtlTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.server.tree.DataTree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reaper's choices as plain logic, with the wall clock passed in by hand. */
class ContainerReaperTest {
    private final DataTree tree = new DataTree();
    private final List<String> reaped = new ArrayList<>();
    private long zxid;

    private ContainerReaper reaper(int maxPerMinute, long maxNeverUsedIntervalMs) {
        return new ContainerReaper(() -> tree, path -> {
            reaped.add(path);
            // As the pipeline would, so a later pass does not find it again.
            tree.apply(OpCode.DELETE_CONTAINER, new DeleteTxn(path), 0, ++zxid, 0);
        }, true, maxPerMinute, maxNeverUsedIntervalMs);
    }

    private int cversion(String path) {
        String parent = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        return tree.node(parent).storedCversion() + 1;
    }

    private void container(String path, long time) {
        tree.apply(OpCode.CREATE_CONTAINER, new CreateContainerTxn(path, null, Perms.OPEN_ACL_UNSAFE,
                cversion(path)), 0, ++zxid, time);
    }

    private void ttlNode(String path, long ttl, long time) {
        tree.apply(OpCode.CREATE_TTL, new CreateTtlTxn(path, null, Perms.OPEN_ACL_UNSAFE, cversion(path), ttl), 0,
                ++zxid, time);
    }

    private void persistent(String path, long time) {
        tree.apply(OpCode.CREATE, new CreateTxn(path, null, Perms.OPEN_ACL_UNSAFE, false, cversion(path)), 0, ++zxid,
                time);
    }

    private void delete(String path) {
        tree.apply(OpCode.DELETE, new DeleteTxn(path), 0, ++zxid, 0);
    }

    @Test
    void containerEmptiedAfterHavingAChildIsReaped() {
        container("/c", 1000);
        persistent("/c/x", 1000);
        delete("/c/x");
        assertThat(reaper(10000, 0).check(2000)).isEqualTo(1);
        assertThat(reaped).containsExactly("/c");
        assertThat(tree.node("/c")).isNull();
    }

    @Test
    void containerThatNeverHadAChildStaysWhenMaxNeverUsedIsZero() {
        container("/c", 1000);
        assertThat(reaper(10000, 0).check(1000 + 365L * 24 * 3600 * 1000)).isZero();
        assertThat(reaped).isEmpty();
    }

    @Test
    void containerThatNeverHadAChildGoesOnceMaxNeverUsedIntervalHasPassed() {
        container("/c", 1000);
        ContainerReaper reaper = reaper(10000, 5000);
        assertThat(reaper.check(6000)).as("exactly the interval is not yet past it").isZero();
        assertThat(reaper.check(6001)).isEqualTo(1);
        assertThat(reaped).containsExactly("/c");
    }

    @Test
    void containerWithChildrenStays() {
        container("/c", 1000);
        persistent("/c/x", 1000);
        assertThat(reaper(10000, 1).check(1_000_000)).isZero();
        assertThat(tree.node("/c")).isNotNull();
    }

    @Test
    void containersAreReapedBottomUpOverPasses() {
        container("/c", 1000);
        container("/c/d", 1000);
        persistent("/c/d/x", 1000);
        delete("/c/d/x");
        ContainerReaper reaper = reaper(10000, 0);
        assertThat(reaper.check(2000)).isEqualTo(1);
        assertThat(reaped).containsExactly("/c/d");
        // /c had a child (/c/d), so once that is gone /c is empty and used.
        assertThat(reaper.check(3000)).isEqualTo(1);
        assertThat(reaped).containsExactly("/c/d", "/c");
    }

    @Test
    void ttlNodeExpiresOnlyWhenMoreThanItsTtlHasPassedSinceMtime() {
        ttlNode("/t", 500, 1000);
        ContainerReaper reaper = reaper(10000, 0);
        assertThat(reaper.check(1500)).isZero();
        assertThat(reaper.check(1501)).isEqualTo(1);
        assertThat(reaped).containsExactly("/t");
    }

    @Test
    void setDataRestartsTheTtlClock() {
        ttlNode("/t", 500, 1000);
        tree.apply(OpCode.SET_DATA, new SetDataTxn("/t", new byte[] {1}, 1), 0, ++zxid, 1400);
        ContainerReaper reaper = reaper(10000, 0);
        assertThat(reaper.check(1800)).isZero();
        assertThat(reaper.check(1901)).isEqualTo(1);
    }

    @Test
    void ttlNodeWithChildrenStays() {
        ttlNode("/t", 500, 1000);
        persistent("/t/x", 1000);
        assertThat(reaper(10000, 0).check(1_000_000)).isZero();
        assertThat(tree.node("/t")).isNotNull();
    }

    @Test
    void ttlNodesAreLeftAloneWithoutExtendedTypes() {
        ttlNode("/t", 500, 1000);
        ContainerReaper reaper = new ContainerReaper(() -> tree, reaped::add, false, 10000, 0);
        assertThat(reaper.check(1_000_000)).isZero();
        assertThat(reaped).isEmpty();
    }

    @Test
    void plainNodesAreNeverCandidates() {
        persistent("/p", 1000);
        persistent("/p/x", 1000);
        delete("/p/x");
        assertThat(reaper(10000, 1).candidates(1_000_000)).isEmpty();
    }

    @Test
    void atMostMaxPerMinuteDeletionsInAnyMinute() {
        for (int i = 0; i < 5; i++) {
            ttlNode("/t" + i, 100, 1000);
        }
        ContainerReaper reaper = reaper(2, 0);
        assertThat(reaper.check(10_000)).isEqualTo(2);
        assertThat(reaper.check(40_000)).as("the budget is spent until a minute after the first").isZero();
        assertThat(reaper.check(69_999)).isZero();
        assertThat(reaper.check(70_000)).isEqualTo(2);
        assertThat(reaper.check(100_000)).isZero();
        assertThat(reaper.check(130_000)).isEqualTo(1);
        assertThat(reaped).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void aNonPositiveLimitIsRefused() {
        assertThatThrownBy(() -> reaper(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
