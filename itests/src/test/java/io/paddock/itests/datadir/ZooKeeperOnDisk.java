package io.paddock.itests.datadir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.SyncRequestProcessor;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * Apache ZooKeeper 3.9.3, standalone and in-process, on a given data dir (dataLogDir the same) and
 * a free loopback port. Its snap count is a static of SyncRequestProcessor: it is set for the
 * life of this server and put back when it stops, so other tests in the JVM see the default.
 */
final class ZooKeeperOnDisk implements DiskServer {
    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;
    private final int previousSnapCount;

    private ZooKeeperOnDisk(ZooKeeperServer server, ServerCnxnFactory factory, int previousSnapCount) {
        this.server = server;
        this.factory = factory;
        this.previousSnapCount = previousSnapCount;
    }

    static ZooKeeperOnDisk start(Path dataDir, int tickTime, int snapCount) throws IOException, InterruptedException {
        int previousSnapCount = SyncRequestProcessor.getSnapCount();
        SyncRequestProcessor.setSnapCount(snapCount);
        ServerCnxnFactory factory = null;
        ZooKeeperServer server = null;
        try {
            server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), tickTime);
            factory = ServerCnxnFactory.createFactory(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 60);
            factory.startup(server);
            return new ZooKeeperOnDisk(server, factory, previousSnapCount);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (factory != null) {
                factory.shutdown();
            }
            if (server != null) {
                server.shutdown();
            }
            SyncRequestProcessor.setSnapCount(previousSnapCount);
            throw e;
        }
    }

    @Override
    public String name() {
        return "ZooKeeper";
    }

    @Override
    public String connectString() {
        return "127.0.0.1:" + factory.getLocalPort();
    }

    @Override
    public void close() {
        try {
            factory.shutdown();
            server.shutdown();
        } finally {
            SyncRequestProcessor.setSnapCount(previousSnapCount);
        }
    }
}
