package io.paddock.itests.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/** A group of stock ZooKeeper client sessions to one server, all connected, closed together. */
final class Sessions implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 30_000;
    private static final long CONNECT_TIMEOUT_S = 60;
    private static final int CLOSE_TIMEOUT_MS = 10_000;

    private final List<ZooKeeper> clients;

    private Sessions(List<ZooKeeper> clients) {
        this.clients = List.copyOf(clients);
    }

    /** Opens {@code n} sessions at once and waits (bounded) until every one is connected. */
    static Sessions open(String connectString, int n) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(n);
        List<ZooKeeper> clients = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                boolean[] seen = new boolean[1];
                clients.add(new ZooKeeper(connectString, SESSION_TIMEOUT_MS, e -> {
                    // Only the first SyncConnected counts: a reconnect must not count twice.
                    if (e.getState() == KeeperState.SyncConnected && !seen[0]) {
                        seen[0] = true;
                        connected.countDown();
                    }
                }));
            }
            if (!connected.await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IOException(connected.getCount() + " of " + n + " sessions to " + connectString
                        + " not connected within " + CONNECT_TIMEOUT_S + " s");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            new Sessions(clients).close();
            throw e;
        }
        return new Sessions(clients);
    }

    ZooKeeper get(int i) {
        return clients.get(i);
    }

    int size() {
        return clients.size();
    }

    @Override
    public void close() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close(CLOSE_TIMEOUT_MS);
        }
    }
}
