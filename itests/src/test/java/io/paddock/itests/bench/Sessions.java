package io.paddock.itests.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * A group of stock ZooKeeper client sessions, all connected, closed together. Each session is
 * connected to one server only (its connect string names just that one), so a session never
 * moves to another member of an ensemble.
 */
final class Sessions implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 30_000;
    private static final long CONNECT_TIMEOUT_S = 60;
    private static final int CLOSE_TIMEOUT_MS = 10_000;
    // Bounds every synchronous call, the closeSession of close() among them: without it the client
    // waits for a reply as long as the connection lives, and a server that stopped answering
    // requests may still answer pings.
    private static final int REQUEST_TIMEOUT_MS = 60_000;
    private static final long CLOSE_ALL_MS = REQUEST_TIMEOUT_MS + CLOSE_TIMEOUT_MS + 10_000;

    private final List<ZooKeeper> clients;

    private Sessions(List<ZooKeeper> clients) {
        this.clients = List.copyOf(clients);
    }

    /** Opens {@code n} sessions to one server at once and waits (bounded) until every one is connected. */
    static Sessions open(String connectString, int n) throws IOException, InterruptedException {
        return open(List.of(connectString), n);
    }

    /**
     * Opens {@code n} sessions at once, session {@code i} to {@code servers.get(i % servers.size())}
     * (so they are spread evenly when {@code n} is a multiple of the server count), and waits
     * (bounded) until every one is connected.
     */
    static Sessions open(List<String> servers, int n) throws IOException, InterruptedException {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server to open sessions to");
        }
        CountDownLatch connected = new CountDownLatch(n);
        List<ZooKeeper> clients = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                boolean[] seen = new boolean[1];
                ZKClientConfig config = new ZKClientConfig();
                config.setProperty(ZKClientConfig.ZOOKEEPER_REQUEST_TIMEOUT, Integer.toString(REQUEST_TIMEOUT_MS));
                clients.add(new ZooKeeper(servers.get(i % servers.size()), SESSION_TIMEOUT_MS, e -> {
                    // Only the first SyncConnected counts: a reconnect must not count twice.
                    if (e.getState() == KeeperState.SyncConnected && !seen[0]) {
                        seen[0] = true;
                        connected.countDown();
                    }
                }, config));
            }
            if (!connected.await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IOException(connected.getCount() + " of " + n + " sessions to " + String.join(", ", servers)
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

    /**
     * Closes every session at once, one thread each, and waits (bounded) for all: a server that
     * stopped answering holds each close until the request timeout, so one after the other would
     * take that many times as long.
     */
    @Override
    public void close() throws InterruptedException {
        List<Thread> closers = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            ZooKeeper zk = clients.get(i);
            Thread t = new Thread(() -> {
                try {
                    zk.close(CLOSE_TIMEOUT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-close-" + i);
            t.setDaemon(true);
            closers.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_ALL_MS);
        long open = 0;
        for (Thread t : closers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                open++;
            }
        }
        if (open > 0) {
            throw new IllegalStateException(open + " of " + clients.size() + " sessions still closing after "
                    + CLOSE_ALL_MS / 1000 + " s");
        }
    }
}
