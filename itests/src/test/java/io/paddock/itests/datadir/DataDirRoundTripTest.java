package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper, then Paddock, then ZooKeeper again on one data dir, each writing, with one session
 * open throughout: whatever was acknowledged on any leg is there at the end, as acknowledged,
 * and Paddock reads what ZooKeeper wrote over Paddock's own files.
 */
class DataDirRoundTripTest {

    @Test
    void everyAcknowledgedWriteSurvivesZooKeeperThenPaddockThenZooKeeper(@TempDir Path dataDir) throws Exception {
        TreeModel model = new TreeModel();
        Handover first;
        try (Leg zooKeeper = Leg.start(ServerKind.ZOOKEEPER, dataDir, model)) {
            first = zooKeeper.write("/zk1", 1, zooKeeper.connect());
        }
        assertThat(DataDirFiles.in(dataDir).snapshots()).as("snapshots ZooKeeper took while writing")
                .hasSizeGreaterThan(3);
        assertThat(DataDirFiles.in(dataDir).logs()).as("logs ZooKeeper rolled to while writing")
                .hasSizeGreaterThan(3);
        Handover second;
        try (Leg paddock = Leg.start(ServerKind.PADDOCK, dataDir, model)) {
            second = paddock.write("/paddock", 2, paddock.assertTakesOver(first));
        }
        assertThat(second.kept().id()).as("one session open on all legs").isEqualTo(first.kept().id());
        Handover third;
        try (Leg zooKeeper = Leg.start(ServerKind.ZOOKEEPER, dataDir, model)) {
            third = zooKeeper.write("/zk2", 3, zooKeeper.assertTakesOver(second));
        }
        try (Leg paddock = Leg.start(ServerKind.PADDOCK, dataDir, model)) {
            paddock.assertTakesOver(third);
            assertThat(model.differencesFrom(paddock.dump())).as("everything acknowledged on the three legs").isEmpty();
            assertThat(model.ephemeralsOf(first.kept().id())).as("the open session's ephemerals, from each leg")
                    .anyMatch(p -> p.startsWith("/zk1/")).anyMatch(p -> p.startsWith("/paddock/"))
                    .anyMatch(p -> p.startsWith("/zk2/"));
        }
    }
}
