package io.paddock.server.replica;

import io.paddock.api.quorum.ClientService;
import io.paddock.api.quorum.Replica;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import io.paddock.server.auth.SaslAuthenticator;
import io.paddock.server.cnxn.ClientPort;
import io.paddock.server.command.DatabaseView;
import io.paddock.server.command.ServerView;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.db.Database;
import io.paddock.server.db.Purger;
import io.paddock.server.db.StorageHandover;
import io.paddock.server.processor.Extensions;
import io.paddock.server.session.SessionTracker;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server as a quorum member, plain Java: recovers the database from storage, and listens for
 * clients, whom it serves only while the quorum peer's role lets it ({@link #clients()}). The
 * peer's roles replicate through {@link #replica()}. Session ids carry this server's sid.
 */
public final class QuorumServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumServer.class);

    private final Storage storage;
    private final Database db;
    private final ServerReplica replica;
    private final QuorumClients clients;
    private final ClientPort clientPort;
    private final Purger purger;
    private final Listener listener;
    private final String transportName;
    private final String storageName;
    private final String dataDir;

    private QuorumServer(ServerSettings settings, Transport transport, StorageBackend backend,
                         Function<String, StorageBackend> backends, Extensions extensions, Consumer<String> fatal)
            throws IOException {
        if (settings.secureClientAddress() != null) {
            throw new IllegalArgumentException("secureClientPort is not yet served by a quorum member");
        }
        SaslAuthenticator sasl = SaslAuthenticator.of(settings.sasl());
        db = new Database(new SessionTracker(settings.quorumId(), settings.tickTime(), () -> System.nanoTime() / 1_000_000));
        storage = StorageHandover.openAndRecover(db, backend, backends, settings.storageOptions());
        ServerReplica opened = null;
        try {
            opened = new ServerReplica(db, storage, settings.snapCount(),
                    t -> fatal.accept("the txn log failed, stopping to keep acknowledged writes safe: " + t), extensions);
            clients = new QuorumClients(opened, db, settings, sasl);
            clientPort = clients.port();
            listener = listen(transport, settings.clientAddress(), new TransportOptions(settings.maxBuffer(), 0));
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            storage.close();
            throw e;
        }
        replica = opened;
        transportName = transport.name();
        storageName = backend.name();
        dataDir = settings.dataDir().toString();
        purger = new Purger(storage, settings.snapRetainCount(), settings.purgeInterval());
        LOG.info("quorum member {}: clients on {} over {}, {} storage in {}, last zxid 0x{}", settings.quorumId(),
                listener.localAddress(), transport.name(), backend.name(), settings.dataDir(),
                Long.toHexString(db.lastProcessedZxid()));
    }

    /** Starts a quorum member's server; a taken client port fails with a BindException naming it. */
    public static QuorumServer start(ServerSettings settings, Transport transport, StorageBackend backend,
                                     Function<String, StorageBackend> backends, Extensions extensions,
                                     Consumer<String> fatal) throws IOException {
        return new QuorumServer(settings, transport, backend, backends, extensions, fatal);
    }

    private Listener listen(Transport transport, InetSocketAddress address, TransportOptions options)
            throws IOException {
        try {
            return transport.listen(address, options, clientPort);
        } catch (BindException e) {
            BindException clear = new BindException("cannot listen on " + address.getHostString() + ":"
                    + address.getPort() + ": " + e.getMessage());
            clear.initCause(e);
            throw clear;
        }
    }

    public Replica replica() {
        return replica;
    }

    public ClientService clients() {
        return clients;
    }

    /** What the operator's shell commands see of this member; its mode is "looking" between roles. */
    public ServerView view() {
        return new DatabaseView(db, clientPort, () -> {
            InetSocketAddress address = clientAddress();
            String mode = clients.mode();
            return new ServerView.ServerStatus(mode == null ? "looking" : mode,
                    address.getHostString() + ":" + address.getPort(), transportName, storageName,
                    dataDir, db.lastProcessedZxid(), db.tree().nodeCount(), db.sessions().size(),
                    clientPort.connectionCount(), clients.stats().outstanding(), false);
        });
    }

    public Database database() {
        return db;
    }

    public InetSocketAddress clientAddress() {
        return listener.localAddress();
    }

    @Override
    public void close() {
        clients.stopServing();
        listener.close();
        replica.close();
        purger.close();
        try {
            storage.close();
        } catch (IOException e) {
            LOG.error("closing storage failed: {}", e.toString(), e);
        }
        LOG.info("stopped; last zxid 0x{}", Long.toHexString(db.lastProcessedZxid()));
    }
}
