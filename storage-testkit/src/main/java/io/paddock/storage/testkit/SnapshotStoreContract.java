package io.paddock.storage.testkit;

import static io.paddock.storage.testkit.SampleTrees.assertLoaded;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.storage.testkit.SampleTrees.CollectingSink;
import io.paddock.storage.testkit.SampleTrees.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link SnapshotStore}'s javadoc promises, checked on a backend. */
public abstract class SnapshotStoreContract extends StorageContract {

    private void write(long zxid, Tree tree) throws IOException {
        try (Storage s = open()) {
            s.snapshots().write(zxid, tree);
        }
    }

    @Test
    void anEmptyStoreLoadsListsAndPurgesNothing() throws IOException {
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).isEmpty();
            assertThat(sink.nodes).isEmpty();
            assertThat(sink.sessions).isEmpty();
            assertThat(s.snapshots().list()).isEmpty();
            assertThat(s.snapshots().purge(1)).isEmpty();
        }
    }

    @Test
    void aSnapshotLoadsBackWithSessionsAclsAndNodesRootFirstAndParentsBeforeChildren() throws IOException {
        Tree tree = SampleTrees.sample(0x1f);
        write(0x1f, tree);
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(0x1f);
            assertLoaded(sink, tree);
            assertThat(sink.nodes.get(0).path()).isEmpty();
            assertThat(node(sink, "/app/null").data()).isNull();
            assertThat(node(sink, "/app/empty").data()).isNotNull().isEmpty();
        }
    }

    private static SnapshotNode node(CollectingSink sink, String path) {
        return sink.nodes.stream().filter(n -> n.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void aDigestRoundTripsEvenWhenItBelongsToALaterZxid() throws IOException {
        // A fuzzy snapshot's digest is that of the last txn applied once its nodes were done.
        Tree tree = SampleTrees.sample(0x10).withDigest(new ZxidDigest(0x14, 2, 0x1234_5678_9abc_def0L));
        write(0x10, tree);
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(0x10);
            assertLoaded(sink, tree);
        }
    }

    @Test
    void aSnapshotWithoutADigestLoadsWithoutOne() throws IOException {
        write(3, SampleTrees.sample(2).withDigest(new ZxidDigest(3, 2, 42)));
        write(5, SampleTrees.sample(5));
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(5);
            assertThat(sink.digests).isEmpty();
        }
    }

    @Test
    void theNewestSnapshotIsLoadedWhateverTheOrderTheyWereWritten() throws IOException {
        write(0x200000001L, SampleTrees.sample(0x200000001L));
        Tree newest = SampleTrees.sample(0x300000005L).withDigest(new ZxidDigest(0x300000006L, 2, 7));
        write(0x300000005L, newest);
        write(0x100000009L, SampleTrees.sample(0x100000009L));
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(0x300000005L);
            assertLoaded(sink, newest);
        }
    }

    @Test
    void listGivesTheZxidsNewestFirst() throws IOException {
        try (Storage s = open()) {
            for (long z : new long[] {3, 0x10, 1, 0x100000000L}) {
                s.snapshots().write(z, SampleTrees.sample(z));
            }
            assertThat(s.snapshots().list()).containsExactly(0x100000000L, 0x10L, 3L, 1L);
        }
        try (Storage s = open()) {
            assertThat(s.snapshots().list()).containsExactly(0x100000000L, 0x10L, 3L, 1L);
        }
    }

    @Test
    void purgeKeepsTheNewestAndReturnsTheOldestKept() throws IOException {
        try (Storage s = open()) {
            for (long z = 1; z <= 5; z++) {
                s.snapshots().write(z * 10, SampleTrees.sample(z));
            }
            assertThat(s.snapshots().purge(3)).hasValue(30);
            assertThat(s.snapshots().list()).containsExactly(50L, 40L, 30L);
            assertThat(s.snapshots().purge(1)).hasValue(50);
            assertThat(s.snapshots().list()).containsExactly(50L);
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(50);
            assertLoaded(sink, SampleTrees.sample(5));
        }
        try (Storage s = open()) {
            assertThat(s.snapshots().list()).containsExactly(50L);
        }
    }

    @Test
    void purgeKeepsEverythingWhenThereAreNoMoreThanToRetain() throws IOException {
        try (Storage s = open()) {
            s.snapshots().write(7, SampleTrees.sample(7));
            s.snapshots().write(9, SampleTrees.sample(9));
            assertThat(s.snapshots().purge(2)).hasValue(7);
            assertThat(s.snapshots().purge(5)).hasValue(7);
            assertThat(s.snapshots().list()).containsExactly(9L, 7L);
        }
    }

    @Test
    void writingASnapshotAtTheSameZxidAgainReplacesIt() throws IOException {
        write(4, SampleTrees.sample(4).withDigest(new ZxidDigest(4, 2, 1)));
        Tree second = new Tree(Map.of(), Map.of(), SampleTrees.withSystemNodes(List.of()), null);
        write(4, second);
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(4);
            assertLoaded(sink, second);
            assertThat(s.snapshots().list()).containsExactly(4L);
        }
    }

    @Test
    void aLargeTreeRoundTrips() throws IOException {
        Tree tree = SampleTrees.large(0x500000001L, 50_000, 200);
        write(0x500000001L, tree);
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(0x500000001L);
            assertLoaded(sink, tree);
        }
    }

    @Test
    void nodeDataNearTheRecordLimitRoundTrips() throws IOException {
        Tree tree = SampleTrees.large(9, 120, 1024);
        List<SnapshotNode> nodes = new ArrayList<>(tree.nodes());
        nodes.add(new SnapshotNode("/big", SampleTxns.bytes(9, 1024 * 1024), -1,
                SampleTrees.stat(9, 9, 0, 0, 0, 9)));
        Tree big = new Tree(tree.sessions(), tree.acls(), nodes, tree.digest());
        write(9, big);
        try (Storage s = open()) {
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(9);
            assertLoaded(sink, big);
        }
    }

    @Test
    void removeAfterDropsTheNewerSnapshotsAndTheNewestAtOrBelowLoads() throws IOException {
        try (Storage s = open()) {
            for (long z = 1; z <= 4; z++) {
                s.snapshots().write(z * 10, SampleTrees.sample(z));
            }
            s.snapshots().removeAfter(20);
            assertThat(s.snapshots().list()).containsExactly(20L, 10L);
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(20);
            assertLoaded(sink, SampleTrees.sample(2));
        }
    }

    @Test
    void removeAfterComparesZxidsAsNumbersAcrossEpochs() throws IOException {
        // As hex text "200000001" < "a": a store that compared names would keep the wrong ones.
        try (Storage s = open()) {
            for (long z : new long[] {0xaL, 0x100000003L, 0x100000010L, 0x200000001L}) {
                s.snapshots().write(z, SampleTrees.sample(z));
            }
            s.snapshots().removeAfter(0x100000005L);
            assertThat(s.snapshots().list()).containsExactly(0x100000003L, 0xaL);
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(0x100000003L);
            assertLoaded(sink, SampleTrees.sample(0x100000003L));
        }
    }

    @Test
    void removeAfterWithNothingNewerChangesNothing() throws IOException {
        try (Storage s = open()) {
            s.snapshots().removeAfter(5);
            assertThat(s.snapshots().list()).isEmpty();
            s.snapshots().write(3, SampleTrees.sample(3));
            s.snapshots().write(7, SampleTrees.sample(7));
            s.snapshots().removeAfter(7);
            s.snapshots().removeAfter(0x100000000L);
            assertThat(s.snapshots().list()).containsExactly(7L, 3L);
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(7);
            assertLoaded(sink, SampleTrees.sample(7));
        }
    }

    @Test
    void removeAfterZeroKeepsSnapshotZero() throws IOException {
        // Recovery writes snapshot 0 in a new data directory; a TRUNC to 0 must leave it.
        try (Storage s = open()) {
            s.snapshots().write(0, SampleTrees.sample(0));
            s.snapshots().write(4, SampleTrees.sample(4));
            s.snapshots().removeAfter(0);
            assertThat(s.snapshots().list()).containsExactly(0L);
        }
    }

    @Test
    void aRemovalSurvivesClosingAndReopeningAndARemovedZxidCanBeWrittenAgain() throws IOException {
        try (Storage s = open()) {
            for (long z = 1; z <= 3; z++) {
                s.snapshots().write(z, SampleTrees.sample(z));
            }
            s.snapshots().removeAfter(1);
        }
        try (Storage s = open()) {
            assertThat(s.snapshots().list()).containsExactly(1L);
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(1);
            assertLoaded(sink, SampleTrees.sample(1));
            // After a TRUNC the follower takes the leader's txns from there, and snapshots them again.
            s.snapshots().write(3, SampleTrees.sample(33));
        }
        try (Storage s = open()) {
            assertThat(s.snapshots().list()).containsExactly(3L, 1L);
            CollectingSink sink = new CollectingSink();
            assertThat(s.snapshots().loadNewest(sink)).hasValue(3);
            assertLoaded(sink, SampleTrees.sample(33));
        }
    }
}
