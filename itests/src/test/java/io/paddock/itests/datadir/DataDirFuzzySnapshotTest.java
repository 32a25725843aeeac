package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay over a fuzzy snapshot, made certain rather than left to timing: Paddock's newest
 * snapshot is backdated so that every txn between the claimed zxid and its real one is replayed
 * over a tree that already has it. Creates of existing nodes, deletes of missing ones and
 * setData again must leave what ZooKeeper leaves, cversion and pzxid included.
 */
class DataDirFuzzySnapshotTest {

    @Test
    void paddockReplaysOverABackdatedSnapshotAsZooKeeperDoes(@TempDir Path tmp) throws Exception {
        Path written = tmp.resolve("written");
        Handover left;
        try (Leg paddock = Leg.start(ServerKind.PADDOCK, written, new TreeModel())) {
            left = paddock.write("/w", 1, paddock.connect());
        }
        assertThat(BackdatedSnapshot.backdate(written)).as("txns replayed over the snapshot").isPositive();
        Path forZooKeeper = copy(written, tmp.resolve("zookeeper"));
        Path forPaddock = copy(written, tmp.resolve("paddock"));

        TreeDump zooKeepers;
        try (Leg zooKeeper = Leg.start(ServerKind.ZOOKEEPER, forZooKeeper, new TreeModel())) {
            zooKeepers = zooKeeper.dump();
        }
        try (Leg paddock = Leg.start(ServerKind.PADDOCK, forPaddock, new TreeModel())) {
            assertThat(paddock.dump().differencesFrom(zooKeepers))
                    .as("Paddock's tree after the replay, against ZooKeeper's from the same files").isEmpty();
        }
        assertThat(zooKeepers.differencesFrom(left.tree()))
                .as("ZooKeeper's tree after the replay, against the tree before the stop").isEmpty();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        return to;
    }
}
