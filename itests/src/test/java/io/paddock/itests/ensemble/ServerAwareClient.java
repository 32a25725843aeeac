package io.paddock.itests.ensemble;

import io.paddock.itests.ensemble.Ensemble.Member;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/** A stock client that can tell which member of an ensemble it is connected to. */
final class ServerAwareClient extends ZooKeeper {
    private static final int MAX_TRIES = 40;

    private final Forwarder watcher;

    private ServerAwareClient(String connectString, int sessionTimeout, Forwarder watcher) throws IOException {
        super(connectString, sessionTimeout, watcher);
        this.watcher = watcher;
    }

    /** A client with its own configuration; its session events go to {@code events}. */
    ServerAwareClient(String connectString, int sessionTimeout, Watcher events, ZKClientConfig config)
            throws IOException {
        super(connectString, sessionTimeout, events, false, config);
        this.watcher = new Forwarder();
    }

    /**
     * A client with every member in its connect string that happens to be connected to
     * {@code leader} ({@code onLeader}) or to another member: the stock client picks a server at
     * random, so clients are made until one lands there. Its session events go to {@code states}
     * from then on.
     */
    static ServerAwareClient connectedTo(Ensemble ensemble, Member leader, boolean onLeader, Watcher states)
            throws IOException, InterruptedException {
        for (int i = 0; i < MAX_TRIES; i++) {
            ServerAwareClient zk = new ServerAwareClient(ensemble.connectString(), 30_000, new Forwarder());
            await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState() == States.CONNECTED);
            Member on = zk.server(ensemble);
            if ((on == leader) == onLeader) {
                zk.watcher.target = states;
                return zk;
            }
            zk.close(10_000);
        }
        throw new AssertionError("no client landed on " + (onLeader ? "the leader" : "a follower") + " in " + MAX_TRIES
                + " tries");
    }

    /** The member this client is connected to now. */
    Member server(Ensemble ensemble) {
        SocketAddress remote = testableRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress address)) {
            throw new AssertionError("not connected: " + this);
        }
        return ensemble.members().stream().filter(m -> m.clientPort == address.getPort()).findFirst()
                .orElseThrow(() -> new AssertionError("connected to " + address + ", no member of the ensemble"));
    }

    /** The server's address while connected, else "none", for messages. */
    String remote() {
        SocketAddress remote = testableRemoteSocketAddress();
        return remote == null ? "none" : remote.toString();
    }

    @Override
    public void close() {
        try {
            super.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops session events until the client is picked, then hands them on. */
    private static final class Forwarder implements Watcher {
        volatile Watcher target;

        @Override
        public void process(WatchedEvent event) {
            Watcher t = target;
            if (t != null) {
                t.process(event);
            }
        }
    }
}
