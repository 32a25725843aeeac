package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paddock started on a data dir Apache ZooKeeper 3.9.3 wrote (protocol.md section 16). */
class DataDirZooKeeperToPaddockTest {

    @Test
    void paddockServesTheTreeAndSessionsZooKeeperLeftAndContinuesTheLog(@TempDir Path dataDir) throws Exception {
        TreeModel model = new TreeModel();
        Handover left;
        try (Leg zooKeeper = Leg.start(ServerKind.ZOOKEEPER, dataDir, model)) {
            left = zooKeeper.write("/zk", 1, zooKeeper.connect());
        }
        assertThat(DataDirFiles.in(dataDir).snapshots()).as("snapshots ZooKeeper took while writing")
                .hasSizeGreaterThan(3);
        assertThat(DataDirFiles.in(dataDir).logs()).as("logs ZooKeeper rolled to while writing")
                .hasSizeGreaterThan(3);
        try (Leg paddock = Leg.start(ServerKind.PADDOCK, dataDir, model)) {
            Handover more = paddock.write("/paddock", 2, paddock.assertTakesOver(left));
            assertThat(more.tree().minCzxidUnder("/paddock"))
                    .as("Paddock's zxids continue after ZooKeeper's last").isGreaterThan(left.tree().maxZxid());
        }
    }
}
