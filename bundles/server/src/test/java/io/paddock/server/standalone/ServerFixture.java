package io.paddock.server.standalone;

import io.paddock.api.storage.StorageBackend;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.processor.Extensions;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.transport.nio.NioTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** A standalone server on a free loopback port, and stock ZooKeeper clients connected to it. */
final class ServerFixture implements AutoCloseable {
    final Path dataDir;
    private final NioTransport transport = new NioTransport();
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();
    private final IntFunction<ServerSettings> settings;
    private final StorageBackend storage;
    private final Extensions extensions = new Extensions();
    StandaloneServer server;

    ServerFixture(Path dataDir) throws IOException {
        this(dataDir, port -> settings(dataDir, port));
    }

    /** A server with its own settings, given the port to listen on. */
    ServerFixture(Path dataDir, IntFunction<ServerSettings> settings) throws IOException {
        this(dataDir, settings, new FileStorageBackend());
    }

    /** A server that stores through {@code storage}. */
    ServerFixture(Path dataDir, IntFunction<ServerSettings> settings, StorageBackend storage) throws IOException {
        this.dataDir = dataDir;
        this.settings = settings;
        this.storage = storage;
        start(0);
    }

    static ServerSettings settings(Path dataDir, int port) {
        return builder(dataDir, port).build();
    }

    /** The tests' settings: fast ticks, loopback, every four-letter word, no preallocation. */
    static ServerSettings.Builder builder(Path dataDir, int port) {
        return ServerSettings.builder(dataDir).tickTime(100).clientAddress(new InetSocketAddress("127.0.0.1", port))
                .sessionTimeouts(200, 20000).fourLetterWords(ServerSettings.ALL_WORDS).preAllocBytes(0);
    }

    void start(int port) throws IOException {
        server = StandaloneServer.start(settings.apply(port), transport, storage,
                name -> name.equals(storage.name()) ? storage : null, extensions, fatal::add);
    }

    /** Stops the server and starts it again on the same port and data. */
    void restart() throws IOException {
        int port = port();
        server.close();
        start(port);
    }

    int port() {
        return server.clientAddress().getPort();
    }

    String connectString() {
        return "127.0.0.1:" + port();
    }

    ZooKeeper client() throws Exception {
        return client(e -> { });
    }

    ZooKeeper client(Watcher watcher) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString(), 5000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
            watcher.process(event);
        });
        clients.add(zk);
        if (!connected.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("client did not connect to " + connectString());
        }
        return zk;
    }

    /** The server's request extensions: tests add and remove them while it runs. */
    Extensions extensions() {
        return extensions;
    }

    List<String> fatalMessages() {
        return fatal;
    }

    @Override
    public void close() throws Exception {
        for (ZooKeeper zk : clients) {
            zk.close(2000);
        }
        if (server != null) {
            server.close();
        }
        transport.close();
    }

}
