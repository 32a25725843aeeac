package io.paddock.itests.oracle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/** Apache ZooKeeper 3.9.3, standalone and in-process, on a free loopback port and a fresh data dir. */
final class ZooKeeperOracle implements ServerUnderTest {
    private final Path dataDir;
    private final int tickTime;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;

    private ZooKeeperOracle(Path dataDir, int tickTime, ZooKeeperServer server, ServerCnxnFactory factory) {
        this.dataDir = dataDir;
        this.tickTime = tickTime;
        this.server = server;
        this.factory = factory;
    }

    static ZooKeeperOracle start(Path dataDir, int tickTime) throws IOException, InterruptedException {
        ZooKeeperServer server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), tickTime);
        ServerCnxnFactory factory =
                ServerCnxnFactory.createFactory(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 60);
        try {
            factory.startup(server);
        } catch (IOException | InterruptedException | RuntimeException e) {
            factory.shutdown();
            server.shutdown();
            throw e;
        }
        return new ZooKeeperOracle(dataDir, tickTime, server, factory);
    }

    @Override
    public String name() {
        return "ZooKeeper";
    }

    @Override
    public String connectString() {
        return "127.0.0.1:" + factory.getLocalPort();
    }

    /** Starts again on the same data, on another free port. */
    @Override
    public ZooKeeperOracle restart() throws IOException, InterruptedException {
        close();
        return start(dataDir, tickTime);
    }

    @Override
    public void close() {
        factory.shutdown();
        server.shutdown();
    }
}
