package io.paddock.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Acl;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.storage.file.SnapshotFixture.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 3.6+ ZxidDigest and 3.9+ lastProcessedZxid sections of a snapshot, as ZooKeeper reads them. */
class SnapshotDigestSectionTest {
    /** A fuzzy snapshot's digest belongs to the last txn applied when its nodes were done. */
    private static final ZxidDigest DIGEST = new ZxidDigest(0x15, 2, 0x1234_5678_9ABCL);

    @TempDir
    Path dataDir;

    private Storage open() throws IOException {
        return new FileStorageBackend().open(StorageOptions.of(dataDir));
    }

    private static SnapshotData withDigest(Tree tree, ZxidDigest digest) {
        return new SnapshotData() {
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
            }

            @Override
            public ZxidDigest digest() {
                return digest;
            }
        };
    }

    /** Loads the newest snapshot; returns the digest it handed over, or null. */
    private static ZxidDigest loadDigest(Storage s) throws IOException {
        ZxidDigest[] loaded = new ZxidDigest[1];
        s.snapshots().loadNewest(new SnapshotSink() {
            @Override
            public void session(long sessionId, int timeout) {
            }

            @Override
            public void acl(long ref, List<Acl> acl) {
            }

            @Override
            public void node(SnapshotNode node) {
            }

            @Override
            public void digest(ZxidDigest digest) {
                loaded[0] = digest;
            }
        });
        return loaded[0];
    }

    private Path snapshotFile(long zxid) {
        return dataDir.resolve("version-2").resolve("snapshot." + Long.toHexString(zxid));
    }

    @Test
    void aDigestWrittenIsLoadedBackAndZooKeeperReadsItToo() throws Exception {
        try (Storage s = open()) {
            s.snapshots().write(0x10, withDigest(SnapshotFixture.sample(0x10), DIGEST));
            assertThat(loadDigest(s)).isEqualTo(DIGEST);
        }
        DataTree dt = new DataTree();
        assertThat(new FileSnap(dataDir.resolve("version-2").toFile()).deserialize(dt, new HashMap<>())).isEqualTo(0x10);
        DataTree.ZxidDigest zk = dt.getDigestFromLoadedSnapshot();
        assertThat(zk.getZxid()).isEqualTo(DIGEST.zxid());
        assertThat(zk.getDigest()).isEqualTo(DIGEST.digest());
        assertThat(zk.getDigestVersion()).isEqualTo(DIGEST.version());
    }

    @Test
    void theFileEndsWithTheDigestsZxidAsLastProcessedZxidThenASeal() throws IOException {
        try (Storage s = open()) {
            s.snapshots().write(0x10, withDigest(SnapshotFixture.sample(0x10), DIGEST));
        }
        byte[] file = Files.readAllBytes(snapshotFile(0x10));
        ByteBuffer tail = ByteBuffer.wrap(file, file.length - (8 + SnapshotSeal.LENGTH), 8 + SnapshotSeal.LENGTH);
        assertThat(tail.getLong()).isEqualTo(DIGEST.zxid());
        assertThat(SnapshotSeal.endsWithSeal(snapshotFile(0x10))).isTrue();
    }

    @Test
    void withoutADigestTheSnapshotStopsAfterTheFirstSealAndLoadsWithNone() throws IOException {
        long withSections;
        try (Storage s = open()) {
            s.snapshots().write(0x10, withDigest(SnapshotFixture.sample(0x10), DIGEST));
            withSections = Files.size(snapshotFile(0x10));
            s.snapshots().write(0x20, SnapshotFixture.sample(0x10));
            assertThat(loadDigest(s)).as("no digest handed to the sink").isNull();
        }
        // ZxidDigest (20) + seal (13) and lastProcessedZxid (8) + seal (13)
        assertThat(withSections - Files.size(snapshotFile(0x20))).isEqualTo(20 + 13 + 8 + 13);
    }
}
