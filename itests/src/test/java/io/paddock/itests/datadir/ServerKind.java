package io.paddock.itests.datadir;

import java.nio.file.Path;

/** The two servers that take turns on one data dir, configured alike. */
enum ServerKind {
    ZOOKEEPER {
        @Override
        DiskServer start(Path dataDir, int snapCount) throws Exception {
            return ZooKeeperOnDisk.start(dataDir, TICK_TIME_MS, snapCount);
        }
    },
    PADDOCK {
        @Override
        DiskServer start(Path dataDir, int snapCount) throws Exception {
            return PaddockOnDisk.start(dataDir, TICK_TIME_MS, snapCount);
        }
    };

    /** Sessions may then ask for up to 40 s (20 ticks), enough to outlive the gap between servers. */
    static final int TICK_TIME_MS = 2000;
    /**
     * Low, so that a workload of a few hundred txns crosses several fuzzy snapshots and log rolls,
     * and the next server has to pick the right log files and replay over a snapshot.
     */
    static final int SNAP_COUNT = 50;

    abstract DiskServer start(Path dataDir, int snapCount) throws Exception;

    DiskServer start(Path dataDir) throws Exception {
        return start(dataDir, SNAP_COUNT);
    }

    ServerKind other() {
        return this == ZOOKEEPER ? PADDOCK : ZOOKEEPER;
    }
}
