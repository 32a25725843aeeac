package io.paddock.itests.datadir;

import io.paddock.itests.oracle.PaddockUnderTest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Paddock's standalone server on a given data dir (dataLogDir the same), as the oracle tests run
 * it. A server that stopped itself on a fatal error fails the test when it is closed, so that a
 * storage error is never mistaken for a tree that merely differs.
 */
final class PaddockOnDisk implements DiskServer {
    private final PaddockUnderTest server;

    private PaddockOnDisk(PaddockUnderTest server) {
        this.server = server;
    }

    static PaddockOnDisk start(Path dataDir, int tickTime, int snapCount) throws IOException {
        // Log files padded ahead of the writes and grown while written, as ZooKeeper pads its own
        // (protocol.md section 16.3), but by 64 KiB rather than 64 MiB: a 100 KB node crosses it.
        return new PaddockOnDisk(PaddockUnderTest.start(dataDir, tickTime,
                settings -> settings.snapCount(snapCount).preAllocBytes(64 * 1024)));
    }

    @Override
    public String name() {
        return "Paddock";
    }

    @Override
    public String connectString() {
        return server.connectString();
    }

    @Override
    public void close() {
        server.close();
        if (!server.fatalMessages().isEmpty()) {
            throw new IllegalStateException("Paddock stopped itself: " + server.fatalMessages());
        }
    }
}
