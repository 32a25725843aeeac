package io.paddock.server.standalone;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import io.paddock.server.auth.SaslAuthenticator;
import io.paddock.server.cnxn.ClientPort;
import io.paddock.server.cnxn.FourLetterWordHandler;
import io.paddock.server.cnxn.ServerState;
import io.paddock.server.cnxn.TlsContexts;
import io.paddock.server.command.DatabaseView;
import io.paddock.server.command.ServerView;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.db.Database;
import io.paddock.server.db.Purger;
import io.paddock.server.db.StorageHandover;
import io.paddock.server.db.Snapshotter;
import io.paddock.server.processor.Extensions;
import io.paddock.server.processor.Pipeline;
import io.paddock.server.processor.Request;
import io.paddock.server.processor.RequestStats;
import io.paddock.server.reaper.ContainerReaper;
import io.paddock.server.reaper.ReaperThread;
import io.paddock.server.session.SessionExpirer;
import io.paddock.server.session.SessionTracker;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone server, plain Java: recovers the database from storage, starts the pipeline and
 * the session expiry, and listens for clients on the transport. Closing it stops all of it.
 */
public final class StandaloneServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneServer.class);
    /** Standalone ZooKeeper hands out session ids with server id 1 (protocol.md section 14). */
    private static final long STANDALONE_SERVER_ID = 1;
    /** How long a storage handover may hold writes back: a snapshot of a large tree takes seconds. */
    private static final Duration HANDOVER_TIMEOUT = Duration.ofMinutes(5);
    /** How long, on a transport switch, a port being given up by its last holder is waited for. */
    private static final Duration BIND_RETRY = Duration.ofSeconds(5);

    private final ServerSettings settings;
    private volatile Storage storage;
    private volatile String storageName;
    private final Database db;
    private final Extensions extensions;
    private final Snapshotter snapshotter;
    private final Purger purger;
    private final Pipeline pipeline;
    private final ClientPort clientPort;
    private final SessionExpirer expirer;
    private final ReaperThread reaper;
    private volatile Listener listener;
    private volatile Listener secureListener;
    private volatile String transportName;
    /** Where the client ports are, kept while they are closed so that they reopen at the same place. */
    private volatile InetSocketAddress boundAddress;
    private volatile InetSocketAddress secureBoundAddress;
    /** The secure port's TLS, null if there is none. */
    private final TransportOptions.Tls tls;

    private StandaloneServer(ServerSettings settings, Transport transport, StorageBackend backend,
                             Function<String, StorageBackend> backends, Extensions extensions, Consumer<String> fatal)
            throws IOException {
        this.settings = settings;
        this.extensions = extensions;
        this.tls = settings.tls() == null ? null : TlsContexts.of(settings.tls());
        SaslAuthenticator sasl = SaslAuthenticator.of(settings.sasl());
        db = new Database(new SessionTracker(STANDALONE_SERVER_ID, settings.tickTime(),
                () -> System.nanoTime() / 1_000_000));
        storage = StorageHandover.openAndRecover(db, backend, backends, settings.storageOptions());
        storageName = backend.name();
        Pipeline started = null;
        Snapshotter snap = null;
        SessionExpirer exp = null;
        ReaperThread reap = null;
        try {
            snap = new Snapshotter(db, storage.snapshots());
            started = new Pipeline(db, storage.txnLog(), settings.extendedTypesEnabled(), settings.enforceQuota(),
                    settings.snapCount(), snap::trigger, t -> fatal.accept("the txn log failed, stopping to keep acknowledged writes safe: " + t),
                    extensions);
            Pipeline p = started;
            clientPort = new ClientPort(db, p, settings, sasl, new FourLetterWordHandler(settings, db, new ServerState() {
                @Override
                public RequestStats stats() {
                    return p.stats();
                }

                @Override
                public boolean readOnly() {
                    return p.readOnly();
                }

                @Override
                public String mode() {
                    return "standalone";
                }
            }));
            exp = new SessionExpirer(db.sessions(), clientPort::expire);
            reap = new ReaperThread(new ContainerReaper(db::tree, path -> p.submit(Request.reap(path)),
                    settings.extendedTypesEnabled(), settings.containerMaxPerMinute(),
                    settings.containerMaxNeverUsedIntervalMs()), settings.containerCheckIntervalMs(),
                    System::currentTimeMillis);
            openPorts(transport, settings.clientAddress(), settings.secureClientAddress(), Duration.ZERO);
        } catch (IOException | RuntimeException e) {
            if (reap != null) {
                reap.close();
            }
            if (exp != null) {
                exp.close();
            }
            if (started != null) {
                started.shutdown();
            }
            if (snap != null) {
                snap.close();
            }
            storage.close();
            throw e;
        }
        pipeline = started;
        snapshotter = snap;
        purger = new Purger(storage, settings.snapRetainCount(), settings.purgeInterval());
        expirer = exp;
        reaper = reap;
        LOG.info("serving clients on {}{} over {} with {} storage in {}", listener.localAddress(),
                secureListener == null ? "" : " and, with TLS, on " + secureListener.localAddress(), transport.name(),
                backend.name(), settings.dataDir());
    }

    /** Starts a server; a taken client port fails with a BindException naming the address. */
    public static StandaloneServer start(ServerSettings settings, Transport transport, StorageBackend backend,
                                         Consumer<String> fatal) throws IOException {
        return start(settings, transport, backend, name -> name.equals(backend.name()) ? backend : null, fatal);
    }

    /**
     * Starts a server on {@code backend}'s storage. If another backend holds the database (the
     * storage was changed since the last run), {@code backends} finds it by name and the database
     * moves over first.
     */
    public static StandaloneServer start(ServerSettings settings, Transport transport, StorageBackend backend,
                                         Function<String, StorageBackend> backends, Consumer<String> fatal)
            throws IOException {
        return start(settings, transport, backend, backends, new Extensions(), fatal);
    }

    /** The same, with request extensions that may come and go while the server runs. */
    public static StandaloneServer start(ServerSettings settings, Transport transport, StorageBackend backend,
                                         Function<String, StorageBackend> backends, Extensions extensions,
                                         Consumer<String> fatal) throws IOException {
        return new StandaloneServer(settings, transport, backend, backends, extensions, fatal);
    }

    /**
     * Hands the database over to {@code next}'s storage while the server runs: writes wait while
     * a snapshot of the database goes into the new storage, which then takes the log; reads go
     * on and no client is disconnected.
     */
    public synchronized void switchStorage(StorageBackend next) throws IOException {
        if (next.name().equals(storageName)) {
            return;
        }
        Storage old = storage;
        long[] epochs = StorageHandover.epochs(old);
        Storage target = next.open(settings.storageOptions());
        try {
            pipeline.switchLog(durable -> {
                db.awaitApplied(durable, HANDOVER_TIMEOUT);
                StorageHandover.moveInto(db, target, epochs, next.name(), settings.dataDir());
                return target.txnLog();
            }).get(HANDOVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            closeAfterFailure(target, e.getCause());
            throw new IOException("handing the database over to " + next.name() + " storage failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            // The switch may still run: leaving both storages open is the safe side.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("handing the database over to " + next.name() + " storage did not finish", e);
        }
        snapshotter.switchTo(target.snapshots());
        purger.switchTo(target);
        storage = target;
        storageName = next.name();
        try {
            old.close();
        } catch (IOException e) {
            LOG.warn("closing the storage handed over failed: {}", e.toString());
        }
    }

    private static void closeAfterFailure(Storage target, Throwable cause) {
        try {
            target.close();
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /**
     * Moves the client port to {@code next}: the listener and every connection of the old
     * transport close, and the same address is listened on with the new one. Sessions live on in
     * the database, so clients reconnect by themselves and resume them, ephemerals and watches
     * included. {@code null} only closes the port, for a transport that went away.
     */
    public synchronized void switchTransport(Transport next) throws IOException {
        closePorts();
        if (next == null) {
            LOG.warn("no transport: the client port {} is closed until one is installed", boundAddress);
            return;
        }
        openPorts(next, boundAddress, secureBoundAddress, BIND_RETRY);
        LOG.info("serving clients on {} over {}", listener.localAddress(), next.name());
    }

    /** Opens the client port, and the secure one if there is one, on {@code transport}. */
    private void openPorts(Transport transport, InetSocketAddress plain, InetSocketAddress secure, Duration bindRetry)
            throws IOException {
        TransportOptions options = new TransportOptions(settings.maxBuffer(), 0);
        Listener opened = listen(transport, plain, options, bindRetry);
        if (secure != null) {
            try {
                secureListener = listen(transport, secure, options.withTls(tls), bindRetry);
            } catch (UnsupportedOperationException e) {
                opened.close();
                throw new IOException("secureClientPort needs a transport that does TLS (transport=netty): "
                        + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            secureBoundAddress = secureListener.localAddress();
        }
        listener = opened;
        boundAddress = opened.localAddress();
        transportName = transport.name();
    }

    /** Closes the client ports and every connection of them; sessions live on. */
    private void closePorts() {
        for (Listener l : new Listener[] {listener, secureListener}) {
            if (l != null) {
                l.close();
            }
        }
        listener = null;
        secureListener = null;
        transportName = null;
        clientPort.closeAll();
    }

    /** The transport the client port is served by, or null while it is closed. */
    public String transportName() {
        return transportName;
    }

    /** The name of the storage backend that holds the database now. */
    public String storageName() {
        return storageName;
    }

    /**
     * Listens on {@code address}. When the port was just given up (a transport switch), the one
     * that held it may not have let go yet: {@code retry} rides that out; a port someone else
     * holds still fails once it is up. At start there is no retry: a taken port fails at once.
     */
    private Listener listen(Transport transport, InetSocketAddress address, TransportOptions options, Duration retry)
            throws IOException {
        long deadline = System.nanoTime() + retry.toNanos();
        while (true) {
            try {
                return transport.listen(address, options, clientPort);
            } catch (BindException e) {
                if (address.getPort() == 0 || System.nanoTime() > deadline || !retrying()) {
                    BindException clear = new BindException("cannot listen on " + address.getHostString() + ":"
                            + address.getPort() + ": " + e.getMessage());
                    clear.initCause(e);
                    throw clear;
                }
            }
        }
    }

    /** Waits a moment before binding again; false if interrupted. */
    private static boolean retrying() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The address the secure client port listens on, or null if there is none. */
    public InetSocketAddress secureClientAddress() {
        return secureBoundAddress;
    }

    /** The address the client port listens on (its port is real even if 0 was asked). */
    public InetSocketAddress clientAddress() {
        return boundAddress;
    }

    public Database database() {
        return db;
    }

    /** What the operator's shell commands see of this server. */
    public ServerView view() {
        return new DatabaseView(db, clientPort, () -> {
            InetSocketAddress address = clientAddress();
            return new ServerView.ServerStatus("standalone", address.getHostString() + ":" + address.getPort(),
                    transportName(), storageName(), settings.dataDir().toString(), db.lastProcessedZxid(),
                    db.tree().nodeCount(), db.sessions().size(), clientPort.connectionCount(),
                    pipeline.stats().outstanding(), pipeline.readOnly());
        });
    }

    @Override
    public void close() {
        closePorts();
        expirer.close();
        reaper.close(); // its deletes go through the pipeline, so it stops first
        pipeline.shutdown();
        purger.close();
        snapshotter.close();
        try {
            storage.close();
        } catch (IOException e) {
            LOG.error("closing storage failed: {}", e.toString(), e);
        }
        LOG.info("stopped; last zxid 0x{}", Long.toHexString(db.lastProcessedZxid()));
    }
}
