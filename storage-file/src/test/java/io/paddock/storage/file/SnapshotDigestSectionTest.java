package io.paddock.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.storage.testkit.SampleTrees;
import io.paddock.storage.testkit.SampleTrees.CollectingSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 3.6+ ZxidDigest and 3.9+ lastProcessedZxid sections of a snapshot, byte for byte, and as
 * ZooKeeper's own FileSnap reads them.
 */
class SnapshotDigestSectionTest {
    /** A fuzzy snapshot's digest belongs to the last txn applied when its nodes were done. */
    private static final ZxidDigest DIGEST = new ZxidDigest(0x15, 2, 0x1234_5678_9ABCL);

    @TempDir
    Path dataDir;

    private Storage open() throws IOException {
        return new FileStorageBackend().open(StorageOptions.of(dataDir));
    }

    private Path snapshotFile(long zxid) {
        return dataDir.resolve("version-2").resolve("snapshot." + Long.toHexString(zxid));
    }

    @Test
    void zooKeeperReadsTheDigestWeWrite() throws Exception {
        try (Storage s = open()) {
            s.snapshots().write(0x10, SampleTrees.sample(0x10).withDigest(DIGEST));
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
            s.snapshots().write(0x10, SampleTrees.sample(0x10).withDigest(DIGEST));
        }
        byte[] file = Files.readAllBytes(snapshotFile(0x10));
        ByteBuffer tail = ByteBuffer.wrap(file, file.length - (8 + SnapshotSeal.LENGTH), 8 + SnapshotSeal.LENGTH);
        assertThat(tail.getLong()).isEqualTo(DIGEST.zxid());
        assertThat(SnapshotSeal.endsWithSeal(snapshotFile(0x10))).isTrue();
    }

    @Test
    void withoutADigestTheSnapshotStopsAfterTheFirstSeal() throws IOException {
        try (Storage s = open()) {
            s.snapshots().write(0x10, SampleTrees.sample(0x10).withDigest(DIGEST));
            s.snapshots().write(0x20, SampleTrees.sample(0x10));
            CollectingSink sink = new CollectingSink();
            s.snapshots().loadNewest(sink);
            assertThat(sink.digests).isEmpty();
        }
        // ZxidDigest (20) + seal (13) and lastProcessedZxid (8) + seal (13)
        assertThat(Files.size(snapshotFile(0x10)) - Files.size(snapshotFile(0x20))).isEqualTo(20 + 13 + 8 + 13);
    }
}
