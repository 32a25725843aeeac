package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A data dir whose newest log ends halfway through its last entry, as a crash during an append
 * leaves it. ZooKeeper stops reading a log at a partial entry and goes on with the next file
 * (protocol.md section 16.3), and leaves the partial entry where it is when it writes on. So the
 * torn entry is read once as the end of the newest log, and once more, by the other server, in
 * the middle of the logs, with valid entries in a later file.
 */
class DataDirTornLogTest {
    private static final int NO_SNAPSHOTS = 1_000_000;

    @ParameterizedTest(name = "written by {0}, torn, loaded by {1}, then by the other")
    @CsvSource({"ZOOKEEPER, ZOOKEEPER", "ZOOKEEPER, PADDOCK", "PADDOCK, PADDOCK", "PADDOCK, ZOOKEEPER"})
    void aTornLastEntryIsDroppedAndTheLogsAfterItAreRead(ServerKind writer, ServerKind firstReader,
            @TempDir Path dataDir) throws Exception {
        TreeDump beforeTheTornWrite;
        // No snapshot in this leg: one taken while the last txn was applied could hold it, and a
        // crash never tears a txn that was applied (it is durable first), so that would be no crash.
        try (Leg leg = Leg.start(writer, dataDir, new TreeModel(), NO_SNAPSHOTS)) {
            ZooKeeper zk = leg.connect();
            leg.write("/w", 1, zk);
            beforeTheTornWrite = leg.dump();
            // The last txn in the log: the leg closes this handle only after the server stops.
            zk.setData("/w", bytes("torn in half"), -1);
        }
        TornLog.tearLastEntry(dataDir);

        TreeDump afterMore;
        try (Leg leg = Leg.start(firstReader, dataDir, new TreeModel())) {
            assertThat(leg.dump().differencesFrom(beforeTheTornWrite))
                    .as("%s's tree from the torn log, against the tree before the torn write", leg.serverName())
                    .isEmpty();
            leg.connect().create("/after-the-tear", bytes("in a later log"), Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            afterMore = leg.dump();
        }
        try (Leg leg = Leg.start(firstReader.other(), dataDir, new TreeModel())) {
            assertThat(leg.dump().differencesFrom(afterMore))
                    .as("%s's tree, against the one %s left after loading the torn log", leg.serverName(),
                            firstReader)
                    .isEmpty();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
