package io.paddock.quorum.election;

import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import io.paddock.quorum.config.HostPort;
import io.paddock.quorum.config.QuorumMembership;
import io.paddock.quorum.wire.InitialMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This peer's election connections, ZooKeeper's {@code QuorumCnxManager} over a {@link Transport}
 * in raw-stream mode (protocol.md section 17).
 *
 * <ul>
 * <li>It listens on this peer's election addresses. Whoever connects sends an
 * {@link InitialMessage} first; ours is version 2 with our sid and every election address.</li>
 * <li>One connection per pair of peers, the one the higher sid opened: a lower sid that connects to
 * us is dropped, along with any connection we still had to it, and we connect to it instead; a
 * connection we open to a higher sid is closed once our header is written, and that peer
 * connects back. A new connection from a sid replaces an older one.</li>
 * <li>Messages are {@code length:int} then the bytes, at most 512 KiB; a bad length closes the
 * connection.</li>
 * <li>Each peer has a send queue of one message, ZooKeeper's {@code SEND_CAPACITY}: a newer
 * message pushes out an older one still waiting for a connection, so a peer that comes back
 * hears only our latest notification. When a connection opens, the queue is flushed, or, if it
 * is empty, the last message sent to that peer is sent again ({@code SendWorker.run}), since it
 * may have been lost with the connection before.</li>
 * <li>A message to ourselves goes straight to the receiver, on the sender's thread.</li>
 * <li>A send to a peer without a connection, and {@link #connectAll()}, connect on demand; a
 * connection that breaks is not reopened until then.</li>
 * </ul>
 *
 * <p>Threads: the transport's, which only read, queue and hand work over; and one named
 * {@code paddock-election-connect-<sid>} that opens connections one at a time (ZooKeeper's
 * {@code connectOne} is synchronized too), since {@link Transport#connect} waits. State is
 * guarded by one lock, held only for bookkeeping and the transport's non-blocking calls.
 */
public final class ElectionLinks implements AutoCloseable {
    /** ZooKeeper's {@code PACKETMAXSIZE}: the largest message either side sends or reads. */
    public static final int MAX_MESSAGE_LENGTH = ElectionMessageReader.MAX_MESSAGE_LENGTH;
    /** ZooKeeper's {@code SEND_CAPACITY}. */
    static final int SEND_CAPACITY = 1;
    /** ZooKeeper's {@code QuorumPeer.OBSERVER_ID}, which observers before 3.5 sent instead of a sid. */
    private static final long OBSERVER_ID = Long.MAX_VALUE;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ElectionLinks.class);

    /** Where received messages go; called on transport threads, and must not block. */
    @FunctionalInterface
    public interface Receiver {
        /** A message from peer {@code sid}; the receiver owns the buffer. */
        void receive(long sid, ByteBuffer message);
    }

    /**
     * @param connectTimeout how long to wait for a connection to open (ZooKeeper's
     *                       {@code zookeeper.cnxTimeout}, 5 s by default)
     * @param listenOnAllIps listen on the election ports of every interface
     *                       ({@code quorumListenOnAllIPs})
     * @param tls            TLS for every election connection, or null
     */
    public record Settings(Duration connectTimeout, boolean listenOnAllIps, TransportOptions.Tls tls) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), false, null);
        }
    }

    /** What we know of one peer; guarded by the lock. */
    private static final class Peer {
        final DropOldestQueue<ByteBuffer> queue = new DropOldestQueue<>(SEND_CAPACITY);
        ElectionConnection current;
        ByteBuffer lastSent;
        boolean connecting;
        /** Asked to connect while connecting: try once more if this attempt fails, at these addresses. */
        List<HostPort> connectAgainAt;
    }

    private final long myId;
    private final ElectionAddressBook addresses;
    private final Transport transport;
    private final Settings settings;
    private final TransportOptions options;
    private final byte[] header;
    private final ElectionConnection.Owner owner = new Owner();

    private final Object lock = new Object();
    private final Map<Long, Peer> peers = new HashMap<>();
    private final Set<ElectionConnection> connections = new HashSet<>();
    private final List<Listener> listeners = new ArrayList<>();
    private volatile Receiver receiver;
    private ExecutorService connector;
    private boolean started;
    private boolean closed;

    public ElectionLinks(QuorumMembership membership, Transport transport, Settings settings) {
        this.addresses = new ElectionAddressBook(membership);
        this.myId = membership.myId();
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Chunks of any size are fine; the limit also bounds what sendFrame may be asked to write.
        this.options = new TransportOptions(MAX_MESSAGE_LENGTH, 0, settings.tls()).asRawStream();
        this.header = InitialMessage.v2(myId, addresses.announcement()).toBytes();
    }

    public long myId() {
        return myId;
    }

    /**
     * Listens on this peer's election addresses and starts the connecting thread; messages from
     * then on go to {@code receiver}.
     *
     * @throws IOException when an address cannot be listened on; nothing is left running
     */
    public void start(Receiver receiver) throws IOException {
        Objects.requireNonNull(receiver, "receiver");
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException("election links of " + myId + " were started already");
            }
            started = true;
            this.receiver = receiver;
            connector = Executors.newSingleThreadExecutor(r -> new Thread(r, "paddock-election-connect-" + myId));
        }
        try {
            AcceptedConnections acceptor = new AcceptedConnections(() -> ElectionConnection.accepted(owner));
            for (InetSocketAddress address : addresses.listenAddresses(settings.listenOnAllIps())) {
                Listener listener = transport.listen(address, options, acceptor);
                synchronized (lock) {
                    listeners.add(listener);
                }
                log.info("sid {} takes election connections on {}", myId, listener.localAddress());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends {@code message} (its remaining bytes, 1 to {@value #MAX_MESSAGE_LENGTH}) to peer
     * {@code sid}, connecting first if need be. The caller gives the buffer up. Never blocks;
     * a message that cannot go out now waits in the peer's queue, and may be pushed out of it by
     * the next one. After {@link #close()} messages are dropped.
     */
    public void send(long sid, ByteBuffer message) {
        int length = message.remaining();
        if (length <= 0 || length > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("an election message has 1.." + MAX_MESSAGE_LENGTH
                    + " bytes, not " + length);
        }
        ByteBuffer bytes = message.slice();
        if (sid == myId) {
            // ZooKeeper's toSend puts it straight on the receive queue: no connection to ourselves.
            if (started() && !isClosed()) {
                receiver.receive(sid, bytes);
            }
            return;
        }
        synchronized (lock) {
            if (closed) {
                log.debug("dropped a message to sid {}: the election links are closed", sid);
                return;
            }
            Peer p = peer(sid);
            if (p.current != null) {
                p.lastSent = bytes;
                p.current.send(bytes);
                return;
            }
            if (p.queue.offer(bytes) != null) {
                log.debug("dropped an older message queued for sid {}", sid);
            }
            connect(sid, List.of());
        }
    }

    /**
     * Connects to every peer this one has sent to and has no connection with (ZooKeeper's
     * {@code connectAll}, which the election calls when a notification timeout passes in silence).
     */
    public void connectAll() {
        synchronized (lock) {
            peers.keySet().forEach(sid -> connect(sid, List.of()));
        }
    }

    /** Whether a connection with {@code sid} is up (ZooKeeper's {@code connectedToPeer}). */
    public boolean isConnected(long sid) {
        synchronized (lock) {
            Peer p = peers.get(sid);
            return p != null && p.current != null;
        }
    }

    /**
     * Stops listening, drops every connection and stops the connecting thread, waiting for it a
     * bounded time. Messages sent later are dropped.
     */
    @Override
    public void close() {
        List<Listener> openListeners;
        List<ElectionConnection> open;
        ExecutorService connecting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            openListeners = List.copyOf(listeners);
            open = List.copyOf(connections);
            connecting = connector;
            listeners.clear();
            peers.values().forEach(p -> p.current = null);
        }
        openListeners.forEach(Listener::close);
        open.forEach(ElectionConnection::abort);
        if (connecting != null) {
            connecting.shutdownNow();
            try {
                if (!connecting.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("the election connecting thread of sid {} did not stop within {}", myId, STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("sid {} closed its election connections", myId);
    }

    private Peer peer(long sid) {
        return peers.computeIfAbsent(sid, s -> new Peer());
    }

    /**
     * Asks the connecting thread to connect to {@code sid}, unless connected already. A request
     * made while an attempt is under way gets one more attempt should that one fail, as calls to
     * ZooKeeper's synchronized {@code connectOne} wait for each other: the peer may have come up
     * in between. Holds the lock.
     */
    private void connect(long sid, List<HostPort> announced) {
        if (!started || closed) {
            return;
        }
        Peer p = peer(sid);
        if (p.current != null) {
            return;
        }
        if (p.connecting) {
            p.connectAgainAt = announced;
            return;
        }
        p.connecting = true;
        try {
            connector.execute(() -> open(sid, announced));
        } catch (RejectedExecutionException e) {
            p.connecting = false;
        }
    }

    /**
     * On the connecting thread: opens a connection to {@code sid}, at the addresses it announced
     * if any (as ZooKeeper does), else at those of its server line, trying each in turn.
     */
    private void open(long sid, List<HostPort> announced) {
        ElectionConnection c = null;
        try {
            c = dial(sid, announced.isEmpty() ? addresses.addressesOf(sid) : announced);
        } finally {
            synchronized (lock) {
                Peer p = peer(sid);
                p.connecting = false;
                List<HostPort> again = p.connectAgainAt;
                p.connectAgainAt = null;
                if (c != null) {
                    register(c);
                } else if (again != null) {
                    connect(sid, again);
                }
            }
        }
        if (c == null || c.isDropped()) {
            return;
        }
        c.sendRaw(ByteBuffer.wrap(header));
        if (sid > myId) {
            // The peer with the higher sid keeps only connections it opened itself: it drops this
            // one once it has read who we are, and connects to us.
            log.info("sid {} connected to sid {}, which has the higher sid and connects back instead", myId, sid);
            c.close();
            return;
        }
        install(c);
    }

    private ElectionConnection dial(long sid, List<HostPort> targets) {
        if (targets.isEmpty()) {
            log.warn("sid {} knows no election address of sid {}", myId, sid);
            return null;
        }
        for (HostPort target : targets) {
            InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
            if (address.isUnresolved()) {
                log.warn("cannot connect to sid {}: election address {} does not resolve", sid, target);
                continue;
            }
            ElectionConnection c = ElectionConnection.opened(owner, sid);
            try {
                c.attach(transport.connect(address, options, c, settings.connectTimeout()));
                return c;
            } catch (IOException e) {
                if (isClosed()) {
                    return null;
                }
                log.warn("cannot open an election connection to sid {} at {}: {}", sid, target, e.toString());
            } catch (RuntimeException e) {
                // Not a peer that is down but a transport that cannot do it (TLS refused, a bug):
                // with the stack, once, and the next address is tried.
                log.warn("cannot open an election connection to sid {} at {}", sid, target, e);
            }
        }
        return null;
    }

    /** Counts a connection as ours to close; one that opens after {@link #close()} is dropped. Holds the lock. */
    private void register(ElectionConnection c) {
        if (closed) {
            c.abort();
        } else {
            connections.add(c);
        }
    }

    /** Makes {@code c} the connection with its sid, replacing an older one, and sends what waits. */
    private void install(ElectionConnection c) {
        long sid = c.sid();
        ElectionConnection replaced;
        synchronized (lock) {
            if (closed || c.isDropped() || !c.isOpen()) {
                return;
            }
            Peer p = peer(sid);
            replaced = p.current;
            p.current = c;
            if (replaced != null) {
                replaced.abort();
            }
            if (p.queue.isEmpty()) {
                if (p.lastSent != null) {
                    c.send(p.lastSent);
                }
            } else {
                for (ByteBuffer message : p.queue.drain()) {
                    p.lastSent = message;
                    c.send(message);
                }
            }
        }
        if (replaced != null) {
            log.info("sid {} replaced its election connection with sid {} by a newer one", myId, sid);
        } else {
            log.info("sid {} has an election connection with sid {}", myId, sid);
        }
    }

    private boolean started() {
        synchronized (lock) {
            return started;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** The links' side of every connection's events, on transport threads. */
    private final class Owner implements ElectionConnection.Owner {
        @Override
        public void opened(ElectionConnection c) {
            synchronized (lock) {
                register(c);
            }
        }

        @Override
        public boolean headerRead(ElectionConnection c, InitialMessage h) {
            long sid = h.sid();
            if (sid == myId) {
                // ZOOKEEPER-2164: a configuration error or a bug; ZooKeeper logs it and leaves the
                // socket open, we close it.
                log.warn("sid {} was connected to by a peer with its own sid, from {}; closing it", myId,
                        c.describe());
                c.abort();
                return false;
            }
            if (sid == OBSERVER_ID) {
                // ZooKeeper gives such a peer a negative id, which then loses the sid comparison
                // and cannot be connected back to: the connection ends either way.
                log.warn("sid {} closed an election connection from a peer without a sid (before 3.5)", myId);
                c.abort();
                return false;
            }
            if (sid < myId) {
                connectBackTo(c, h);
                return false;
            }
            install(c);
            return !c.isDropped();
        }

        @Override
        public void messageReceived(long sid, ByteBuffer message) {
            receiver.receive(sid, message);
        }

        @Override
        public void closed(ElectionConnection c, Throwable cause) {
            boolean wasCurrent;
            synchronized (lock) {
                connections.remove(c);
                Peer p = c.sid() == ElectionConnection.UNKNOWN_SID ? null : peers.get(c.sid());
                wasCurrent = p != null && p.current == c;
                if (wasCurrent) {
                    p.current = null;
                }
            }
            if (wasCurrent) {
                log.info("sid {} lost its election connection with sid {}{}", myId, c.sid(),
                        cause == null ? "" : ": " + cause);
            } else {
                log.debug("election connection {} closed", c.describe());
            }
        }

        /**
         * A lower sid connected: it must think it has no connection with us, so ours is stale.
         * ZooKeeper drops both and connects to it, at the address it announced.
         */
        private void connectBackTo(ElectionConnection c, InitialMessage h) {
            long sid = h.sid();
            log.info("sid {} drops the election connection sid {} opened, and connects to it instead", myId, sid);
            c.close();
            synchronized (lock) {
                Peer p = peer(sid);
                if (p.current != null) {
                    p.current.abort();
                    p.current = null;
                }
                connect(sid, ElectionAddressBook.announced(h));
            }
        }
    }
}
