package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache ZooKeeper 3.9.3 started on a data dir Paddock wrote (protocol.md section 16.7). */
class DataDirPaddockToZooKeeperTest {

    @Test
    void zooKeeperServesTheTreeAndSessionsPaddockLeftAndContinuesTheLog(@TempDir Path dataDir) throws Exception {
        TreeModel model = new TreeModel();
        Handover left;
        try (Leg paddock = Leg.start(ServerKind.PADDOCK, dataDir, model)) {
            left = paddock.write("/paddock", 1, paddock.connect());
        }
        assertThat(DataDirFiles.in(dataDir).snapshots()).as("snapshots Paddock took while writing")
                .hasSizeGreaterThan(3);
        assertThat(DataDirFiles.in(dataDir).logs()).as("logs Paddock rolled to while writing")
                .hasSizeGreaterThan(3);
        try (Leg zooKeeper = Leg.start(ServerKind.ZOOKEEPER, dataDir, model)) {
            Handover more = zooKeeper.write("/zk", 2, zooKeeper.assertTakesOver(left));
            assertThat(more.tree().minCzxidUnder("/zk"))
                    .as("ZooKeeper's zxids continue after Paddock's last").isGreaterThan(left.tree().maxZxid());
        }
    }
}
