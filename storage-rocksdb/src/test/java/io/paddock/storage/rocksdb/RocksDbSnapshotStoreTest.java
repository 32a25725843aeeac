package io.paddock.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.Acl;
import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.storage.testkit.SampleTrees;
import io.paddock.storage.testkit.SampleTrees.CollectingSink;
import io.paddock.storage.testkit.SampleTrees.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

class RocksDbSnapshotStoreTest {
    @TempDir
    Path dir;

    private final RocksDbStorageBackend backend = new RocksDbStorageBackend();
    private Storage storage;

    @BeforeEach
    void open() throws IOException {
        storage = backend.open(StorageOptions.of(dir));
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
    }

    private SnapshotStore reopen() throws IOException {
        storage.close();
        storage = backend.open(StorageOptions.of(dir));
        return storage.snapshots();
    }

    /** Changes the database behind the backend's back, with the storage closed. */
    private void tamper(Database.Operation<Void> change) throws Exception {
        storage.close();
        try (Database db = Database.open(dir.resolve("rocksdb"), null)) {
            db.call(change);
        }
        storage = backend.open(StorageOptions.of(dir));
    }

    /** A tree that hands out a digest, and records whether it was asked for it before every node was visited. */
    private static final class DigestTree implements SnapshotData {
        final Tree tree;
        final ZxidDigest digest;
        boolean visited;
        boolean askedEarly;

        DigestTree(Tree tree, ZxidDigest digest) {
            this.tree = tree;
            this.digest = digest;
        }

        @Override
        public Map<Long, Integer> sessions() {
            return tree.sessions();
        }

        @Override
        public Map<Long, List<Acl>> acls() {
            return tree.acls();
        }

        @Override
        public void forEachNode(Consumer<SnapshotNode> visitor) {
            tree.forEachNode(visitor);
            visited = true;
        }

        @Override
        public ZxidDigest digest() {
            askedEarly |= !visited;
            return digest;
        }
    }

    @Test
    void snapshotRoundTripsWithItsDigestAfterReopen() throws IOException {
        Tree tree = SampleTrees.sample(7);
        DigestTree data = new DigestTree(tree, new ZxidDigest(9, 2, 123456789L));
        storage.snapshots().write(7, data);

        CollectingSink sink = new CollectingSink();
        OptionalLong loaded = reopen().loadNewest(sink);

        assertThat(data.askedEarly).isFalse();
        assertThat(loaded).hasValue(7);
        assertThat(sink.sessions).isEqualTo(tree.sessions());
        assertThat(sink.acls).isEqualTo(tree.acls());
        assertThat(sink.nodes).usingRecursiveFieldByFieldElementComparator().isEqualTo(tree.nodes());
        assertThat(sink.digests).containsExactly(new ZxidDigest(9, 2, 123456789L));
    }

    @Test
    void noSnapshotLoadsNothing() throws IOException {
        CollectingSink sink = new CollectingSink();
        assertThat(storage.snapshots().loadNewest(sink)).isEmpty();
        assertThat(storage.snapshots().list()).isEmpty();
        assertThat(storage.snapshots().purge(3)).isEmpty();
    }

    @Test
    void newestSnapshotIsLoadedAndListedFirst() throws IOException {
        SnapshotStore store = storage.snapshots();
        store.write(0x100000005L, SampleTrees.sample(5));
        store.write(3, SampleTrees.sample(3));
        store.write(0x100000001L, SampleTrees.sample(9));

        CollectingSink sink = new CollectingSink();
        assertThat(store.loadNewest(sink)).hasValue(0x100000005L);
        assertThat(sink.nodes).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(SampleTrees.sample(5).nodes());
        assertThat(store.list()).containsExactly(0x100000005L, 0x100000001L, 3L);
    }

    @Test
    void damagedSnapshotIsSkippedForTheNextNewest() throws Exception {
        storage.snapshots().write(3, SampleTrees.sample(3));
        storage.snapshots().write(5, SampleTrees.sample(5));
        tamper(h -> {
            h.db().put(h.snapshots(), Keys.of(5, 0), new byte[] {'N', 0, 0});
            return null;
        });

        CollectingSink sink = new CollectingSink();
        assertThat(storage.snapshots().loadNewest(sink)).hasValue(3);
        assertThat(sink.nodes).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(SampleTrees.sample(3).nodes());
    }

    @Test
    void snapshotMissingAChunkIsSkipped() throws Exception {
        Tree big = bigTree(6, 700 * 1024);
        storage.snapshots().write(2, SampleTrees.sample(2));
        storage.snapshots().write(4, big);
        tamper(h -> {
            h.db().delete(h.snapshots(), Keys.of(4, 1));
            return null;
        });

        assertThat(storage.snapshots().loadNewest(new CollectingSink())).hasValue(2);
    }

    @Test
    void chunksWithoutASealAreInvisibleAndRemovedOnOpen() throws Exception {
        storage.snapshots().write(3, SampleTrees.sample(3));
        tamper(h -> {
            try (WriteOptions sync = new WriteOptions().setSync(true)) {
                h.db().put(h.snapshots(), sync, Keys.of(8, 0), new byte[] {1, 2, 3});
            }
            return null;
        });

        assertThat(storage.snapshots().list()).containsExactly(3L);
        assertThat(storage.snapshots().loadNewest(new CollectingSink())).hasValue(3);
        storage.close();
        try (Database db = Database.open(dir.resolve("rocksdb"), null)) {
            byte[] chunk = db.call(h -> h.db().get(h.snapshots(), Keys.of(8, 0)));
            assertThat(chunk).isNull();
        }
        storage = backend.open(StorageOptions.of(dir));
    }

    @Test
    void removeAfterLeavesNoKeyAboveTheZxidNotEvenOfADamagedSeal() throws Exception {
        storage.snapshots().write(3, SampleTrees.sample(3));
        storage.snapshots().write(9, bigTree(3, 700 * 1024));
        tamper(h -> {
            try (WriteOptions sync = new WriteOptions().setSync(true)) {
                h.db().put(h.snapshots(), sync, Keys.of(12, 0), new byte[] {1, 2, 3});
                h.db().put(h.snapshots(), sync, Keys.of(12, Keys.SEAL), new byte[] {4, 5});
            }
            return null;
        });
        assertThat(storage.snapshots().list()).containsExactly(12L, 9L, 3L);

        storage.snapshots().removeAfter(5);

        assertThat(reopen().list()).containsExactly(3L);
        storage.close();
        try (Database db = Database.open(dir.resolve("rocksdb"), null)) {
            boolean anyAbove = db.call(h -> {
                try (RocksIterator it = h.db().newIterator(h.snapshots())) {
                    it.seek(Keys.of(4, 0));
                    return it.isValid();
                }
            });
            assertThat(anyAbove).isFalse();
        }
        storage = backend.open(StorageOptions.of(dir));
    }

    @Test
    void largeSnapshotSpansChunksAndRoundTrips() throws IOException {
        Tree big = bigTree(12, 300 * 1024);
        List<SnapshotNode> nodes = new ArrayList<>(big.nodes());
        nodes.add(new SnapshotNode("/huge", new byte[1 << 20], -1, SampleTrees.stat(99, 99, 0, 0, 0, 99)));
        Tree tree = new Tree(big.sessions(), big.acls(), nodes, null);
        storage.snapshots().write(12, tree);

        CollectingSink sink = new CollectingSink();
        assertThat(reopen().loadNewest(sink)).hasValue(12);

        assertThat(sink.nodes).hasSize(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(sink.nodes.get(i).path()).isEqualTo(nodes.get(i).path());
            assertThat(sink.nodes.get(i).stat()).isEqualTo(nodes.get(i).stat());
            assertThat(sink.nodes.get(i).data()).isEqualTo(nodes.get(i).data());
        }
    }

    private static Tree bigTree(int count, int dataSize) {
        Tree sample = SampleTrees.sample(1);
        List<SnapshotNode> nodes = new ArrayList<>(sample.nodes());
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[dataSize];
            data[i] = (byte) i;
            nodes.add(new SnapshotNode("/big" + i, data, -1, SampleTrees.stat(10 + i, 10 + i, 0, 0, 0, 10 + i)));
        }
        return new Tree(sample.sessions(), sample.acls(), nodes, null);
    }

    @Test
    void purgeKeepsTheNewestAndReturnsTheOldestKept() throws IOException {
        SnapshotStore store = storage.snapshots();
        for (long z = 1; z <= 5; z++) {
            store.write(z * 10, SampleTrees.sample(z));
        }

        assertThat(store.purge(2)).hasValue(40);

        assertThat(reopen().list()).containsExactly(50L, 40L);
        assertThat(storage.snapshots().purge(5)).hasValue(40);
        assertThatThrownBy(() -> storage.snapshots().purge(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotWrittenWhileTheLogAppendsKeepsBoth() throws Exception {
        TxnLog log = storage.txnLog();
        CompletableFuture<Void> appending = CompletableFuture.runAsync(() -> {
            try {
                for (long z = 1; z <= 3000; z++) {
                    log.append(Txns.create(z));
                    if (z % 10 == 0) {
                        log.flush();
                    }
                }
                log.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Tree big = bigTree(40, 100 * 1024);
        for (long z = 1; z <= 3; z++) {
            storage.snapshots().write(z, big);
        }
        appending.get(60, TimeUnit.SECONDS);

        CollectingSink sink = new CollectingSink();
        assertThat(reopen().loadNewest(sink)).hasValue(3);
        assertThat(sink.nodes).hasSize(big.nodes().size());
        assertThat(storage.txnLog().lastZxid()).isEqualTo(3000);
        assertThat(Txns.readAll(storage.txnLog(), 0)).hasSize(3000);
    }

    @Test
    void epochsAreNoneUntilWrittenAndSurviveReopen() throws IOException {
        QuorumEpochs epochs = storage.epochs();
        assertThat(epochs.accepted()).isEqualTo(QuorumEpochs.NONE);
        assertThat(epochs.current()).isEqualTo(QuorumEpochs.NONE);

        epochs.setAccepted(5);
        epochs.setCurrent(4);
        reopen();

        assertThat(storage.epochs().accepted()).isEqualTo(5);
        assertThat(storage.epochs().current()).isEqualTo(4);
        assertThatThrownBy(() -> storage.epochs().setCurrent(-2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedStorageRefusesSnapshotUse() throws IOException {
        storage.close();
        assertThatThrownBy(() -> storage.snapshots().list()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.epochs().current()).isInstanceOf(IllegalStateException.class);
        storage = backend.open(StorageOptions.of(dir));
    }
}
