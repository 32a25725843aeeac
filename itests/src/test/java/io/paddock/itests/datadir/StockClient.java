package io.paddock.itests.datadir;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Opens stock {@link ZooKeeper} handles and waits, bounded, for what the server says of their
 * session: connected (new or resumed), or expired.
 */
final class StockClient {
    /** Long enough to outlive the gap while one server stops and the other loads the data dir. */
    static final int SESSION_TIMEOUT_MS = 30_000;
    private static final long WAIT_SECONDS = 10;

    private StockClient() {
    }

    /** A new session. */
    static ZooKeeper connect(DiskServer server) throws IOException, InterruptedException {
        return connect(server, SESSION_TIMEOUT_MS);
    }

    /** A new session, asking for the given timeout. */
    static ZooKeeper connect(DiskServer server, int sessionTimeoutMs) throws IOException, InterruptedException {
        BlockingQueue<KeeperState> states = new LinkedBlockingQueue<>();
        ZooKeeper zk = new ZooKeeper(server.connectString(), sessionTimeoutMs, event -> offer(states, event));
        return awaitState(zk, states, KeeperState.SyncConnected, server);
    }

    /** The session of another handle, perhaps opened on another server over the same data dir. */
    static ZooKeeper resume(DiskServer server, Session session) throws IOException, InterruptedException {
        BlockingQueue<KeeperState> states = new LinkedBlockingQueue<>();
        ZooKeeper zk = new ZooKeeper(server.connectString(), SESSION_TIMEOUT_MS, event -> offer(states, event),
                session.id(), session.password());
        return awaitState(zk, states, KeeperState.SyncConnected, server);
    }

    /** Tries to resume a session and expects the server to call it expired; the handle is closed after. */
    static void awaitExpired(DiskServer server, Session session) throws IOException, InterruptedException {
        BlockingQueue<KeeperState> states = new LinkedBlockingQueue<>();
        ZooKeeper zk = new ZooKeeper(server.connectString(), SESSION_TIMEOUT_MS, event -> offer(states, event),
                session.id(), session.password());
        awaitState(zk, states, KeeperState.Expired, server).close();
    }

    private static void offer(BlockingQueue<KeeperState> states, org.apache.zookeeper.WatchedEvent event) {
        if (event.getType() == EventType.None) {
            states.add(event.getState());
        }
    }

    private static ZooKeeper awaitState(ZooKeeper zk, BlockingQueue<KeeperState> states, KeeperState wanted,
            DiskServer server) throws InterruptedException {
        try {
            KeeperState state = states.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            // Disconnected may come before the answer while a resumed handle still finds its way.
            while (state == KeeperState.Disconnected) {
                state = states.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            if (state != wanted) {
                throw new AssertionError("session 0x" + Long.toHexString(zk.getSessionId()) + " on " + server.name()
                        + ": expected " + wanted + " within " + WAIT_SECONDS + " s but got " + state);
            }
            return zk;
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            zk.close();
            throw e;
        }
    }
}
