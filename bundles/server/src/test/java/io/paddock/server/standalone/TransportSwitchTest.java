package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.transport.nio.NioTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client port moving to another transport on a running server: connections close, clients
 * reconnect by themselves to the same address and keep their sessions, ephemerals and watches,
 * and no acknowledged write is lost.
 */
class TransportSwitchTest {
    @TempDir
    Path dir;
    private final NioTransport nio = new NioTransport();
    private final NioTransport otherNio = new NioTransport();
    /** A second transport by another name: NIO under the name a second plug-in would have. */
    private final Transport other = new Transport() {
        @Override
        public String name() {
            return "other";
        }

        @Override
        public Listener listen(InetSocketAddress address, TransportOptions options, FrameHandler handler)
                throws IOException {
            return otherNio.listen(address, options, handler);
        }

        @Override
        public Connection connect(InetSocketAddress address, TransportOptions options, FrameHandler handler,
                                  Duration timeout) throws IOException {
            return otherNio.connect(address, options, handler, timeout);
        }
    };
    private StandaloneServer server;
    private final List<ZooKeeper> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = StandaloneServer.start(ServerFixture.settings(dir, 0), nio, new FileStorageBackend(), m -> { });
    }

    @AfterEach
    void stop() throws Exception {
        for (ZooKeeper zk : clients) {
            zk.close(1000);
        }
        server.close();
        nio.close();
        otherNio.close();
    }

    private ZooKeeper client(Watcher watcher) throws Exception {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.clientAddress().getPort(), 10_000, watcher);
        clients.add(zk);
        await().atMost(Duration.ofSeconds(10)).until(() -> zk.getState().isConnected());
        return zk;
    }

    @Test
    void clientsKeepTheirSessionsEphemeralsAndWatchesAcrossSwitchesAndNoWriteIsLost() throws Exception {
        List<WatchedEvent> events = new CopyOnWriteArrayList<>();
        ZooKeeper zk = client(events::add);
        long session = zk.getSessionId();
        zk.create("/eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.create("/watched", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.getData("/watched", true, null);

        ZooKeeper writerZk = client(e -> { });
        Set<String> acknowledged = new ConcurrentSkipListSet<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    acknowledged.add(writerZk.create("/w-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT_SEQUENTIAL));
                } catch (KeeperException.ConnectionLossException e) {
                    // cut off by the switch: not acknowledged, maybe done; the client reconnects
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.start();
        try {
            for (Transport next : List.of(other, nio, other)) {
                int before = acknowledged.size();
                await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() > before + 50);
                server.switchTransport(next);
                assertThat(server.transportName()).isEqualTo(next.name());
            }
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() > before + 50);
        } finally {
            writing.set(false);
            writer.join(10_000);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> zk.getState().isConnected());
        assertThat(zk.getSessionId()).isEqualTo(session);
        assertThat(zk.getEphemerals("/")).containsExactly("/eph");
        writerZk.setData("/watched", new byte[] {1}, -1);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.getType() == Watcher.Event.EventType.NodeDataChanged));
        for (String path : acknowledged) {
            assertThat(zk.exists(path, false)).as(path).isNotNull();
        }
    }

    @Test
    void withoutATransportThePortIsClosedAndSessionsWaitForOne() throws Exception {
        ZooKeeper zk = client(e -> { });
        long session = zk.getSessionId();
        server.switchTransport(null);
        assertThat(server.transportName()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> !zk.getState().isConnected());
        server.switchTransport(other);
        await().atMost(Duration.ofSeconds(10)).until(() -> zk.getState().isConnected());
        assertThat(zk.getSessionId()).isEqualTo(session);
    }
}
