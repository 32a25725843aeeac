package io.paddock.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.storage.testkit.SampleTrees;
import io.paddock.storage.testkit.SampleTrees.CollectingSink;
import io.paddock.storage.testkit.SampleTrees.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest {
    @TempDir
    Path dir;

    private FileSnapshotStore store() throws IOException {
        return new FileSnapshotStore(dir, JuteInput.DEFAULT_MAX_LENGTH);
    }

    private static void assertLoaded(CollectingSink sink, Tree tree) {
        assertThat(sink.sessions).isEqualTo(tree.sessions());
        assertThat(sink.acls).isEqualTo(tree.acls());
        assertThat(sink.nodes).usingRecursiveFieldByFieldElementComparator().isEqualTo(tree.nodes());
    }

    @Test
    void theFileHasTheSnapshotHeaderEndsWithASealAndTheSealVerifies() throws IOException {
        store().write(7, SampleTrees.sample(7));
        byte[] file = Files.readAllBytes(dir.resolve("snapshot.7"));

        ByteBuffer header = ByteBuffer.wrap(file, 0, 16);
        assertThat(header.getInt()).isEqualTo(0x5A4B534E);
        assertThat(header.getInt()).isEqualTo(2);
        assertThat(header.getLong()).isEqualTo(-1);
        assertThat(Arrays.copyOfRange(file, file.length - 5, file.length)).containsExactly(0, 0, 0, 1, 0x2F);
        Adler32 adler = new Adler32();
        adler.update(file, 0, file.length - 13);
        assertThat(ByteBuffer.wrap(file, file.length - 13, 8).getLong()).isEqualTo(adler.getValue());
        // Before the seal: the "/" that ends the node list.
        assertThat(Arrays.copyOfRange(file, file.length - 18, file.length - 13)).containsExactly(0, 0, 0, 1, 0x2F);
    }

    @Test
    void aCorruptedNewestSnapshotFallsBackToTheOlderOne() throws IOException {
        Tree older = SampleTrees.sample(5);
        store().write(5, older);
        store().write(10, SampleTrees.sample(10));
        Path newest = dir.resolve("snapshot.a");
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xEE}), 40);
        }

        CollectingSink sink = new CollectingSink();
        assertThat(store().loadNewest(sink)).hasValue(5);
        assertLoaded(sink, older);
    }

    @Test
    void aTruncatedNewestSnapshotIsSkipped() throws IOException {
        Tree older = SampleTrees.sample(5);
        store().write(5, older);
        store().write(10, SampleTrees.sample(10));
        Path newest = dir.resolve("snapshot.a");
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 20);
        }

        CollectingSink sink = new CollectingSink();
        assertThat(store().loadNewest(sink)).hasValue(5);
        assertLoaded(sink, older);
    }

    @Test
    void noValidSnapshotLoadsNothing() throws IOException {
        Files.write(dir.resolve("snapshot.3"), new byte[] {1, 2, 3});
        CollectingSink sink = new CollectingSink();
        assertThat(store().loadNewest(sink)).isEqualTo(OptionalLong.empty());
        assertThat(sink.nodes).isEmpty();
        assertThat(sink.sessions).isEmpty();
    }

    @Test
    void optionalDigestAndLastProcessedZxidSectionsAreAccepted() throws IOException {
        Tree tree = SampleTrees.sample(9);
        store().write(9, tree);
        Path file = dir.resolve("snapshot.9");
        // Append what 3.9 writes after the first seal: ZxidDigest + seal, lastProcessedZxid + seal.
        byte[] base = Files.readAllBytes(file);
        ByteBuffer extra = ByteBuffer.allocate(20 + 13 + 8 + 13);
        Adler32 adler = new Adler32();
        adler.update(base);
        extra.putLong(9).putInt(2).putLong(123456789L);
        adler.update(extra.array(), 0, extra.position());
        extra.putLong(adler.getValue()).putInt(1).put((byte) '/');
        extra.putLong(12);
        adler.update(extra.array(), 20 + 13 - 13, 13 + 8);
        extra.putLong(adler.getValue()).putInt(1).put((byte) '/');
        Files.write(file, extra.array(), StandardOpenOption.APPEND);

        CollectingSink sink = new CollectingSink();
        assertThat(store().loadNewest(sink)).hasValue(9);
        assertLoaded(sink, tree);
    }

    @Test
    void aBadSealInAnOptionalSectionSkipsTheSnapshot() throws IOException {
        store().write(9, SampleTrees.sample(9));
        Path file = dir.resolve("snapshot.9");
        ByteBuffer extra = ByteBuffer.allocate(20 + 13).putLong(9).putInt(2).putLong(1).putLong(42).putInt(1).put((byte) '/');
        Files.write(file, extra.array(), StandardOpenOption.APPEND);
        assertThat(store().loadNewest(new CollectingSink())).isEmpty();
    }

    @Test
    void listGivesTheSnapshotZxidsNewestFirst() throws IOException {
        for (long z : new long[] {3, 0x10, 1}) {
            store().write(z, SampleTrees.sample(z));
        }
        Files.write(dir.resolve("snapshot.nothex"), new byte[1]);
        assertThat(store().list()).containsExactly(0x10L, 3L, 1L);
    }

    @Test
    void purgeRefusesToRetainNoSnapshot() throws IOException {
        store().write(1, SampleTrees.sample(1));
        assertThatThrownBy(() -> store().purge(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().list()).containsExactly(1L);
    }

    @Test
    void purgeCountsOnlySnapshotsThatPassTheQuickCheck() throws IOException {
        for (long z = 1; z <= 3; z++) {
            store().write(z, SampleTrees.sample(z));
        }
        Files.write(dir.resolve("snapshot.4"), new byte[] {9, 9, 9});
        store().purge(2);
        assertThat(store().list()).containsExactly(4L, 3L, 2L);
    }

    @Test
    void aNodeNamedSlashIsRefusedAndLeavesNoFile() throws IOException {
        Tree bad = new Tree(Map.of(), Map.of(), List.of(new SnapshotNode("/", new byte[0], -1, SampleTrees.stat(0, 0, 0, 0, 0, 0))), null);
        assertThatThrownBy(() -> store().write(2, bad)).isInstanceOf(IllegalArgumentException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLeftoverTemporaryFileIsRemovedAndNeverListed() throws IOException {
        Path temp = dir.resolve(".tmp-snapshot.9");
        Files.write(temp, new byte[] {1, 2});
        assertThat(store().list()).isEmpty();
        assertThat(temp).doesNotExist();
    }

    @Test
    void aNewerCompressedSnapshotMakesLoadingFailRatherThanLoadAnOlderOne() throws IOException {
        store().write(5, SampleTrees.sample(5));
        Files.write(dir.resolve("snapshot.9.gz"), new byte[] {0x1f, (byte) 0x8b});
        assertThatThrownBy(() -> store().loadNewest(new CollectingSink()))
                .isInstanceOf(IOException.class).hasMessageContaining("snapshot.9.gz");
    }

    @Test
    void removeAfterTakesDamagedAndCompressedSnapshotsAboveTheZxidToo() throws IOException {
        store().write(5, SampleTrees.sample(5));
        store().write(9, SampleTrees.sample(9));
        try (FileChannel ch = FileChannel.open(dir.resolve("snapshot.9"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 20);
        }
        Files.write(dir.resolve("snapshot.c.gz"), new byte[] {0x1f, (byte) 0x8b});
        Files.write(dir.resolve("snapshot.3.snappy"), new byte[] {1});

        store().removeAfter(5);

        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("snapshot.5",
                    "snapshot.3.snappy");
        }
        CollectingSink sink = new CollectingSink();
        assertThat(store().loadNewest(sink)).hasValue(5);
        assertLoaded(sink, SampleTrees.sample(5));
    }
}
