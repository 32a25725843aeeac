package io.paddock.server.standalone;

import io.paddock.api.processor.RequestExtension;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.transport.Transport;
import io.paddock.server.command.ServerView;
import io.paddock.server.config.ServerConfig;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.processor.Extensions;
import java.io.IOException;
import io.paddock.api.quorum.ClientService;
import io.paddock.api.quorum.Replica;
import io.paddock.server.replica.QuorumServer;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StandaloneServer} while the {@code io.paddock.server} configuration exists and
 * the chosen transport and storage providers are there, picked by name among those installed
 * ({@code transport}, NIO by default; {@code storage}, file by default). A new {@code storage}
 * on the running server hands the database over to that backend with clients staying connected;
 * a new {@code transport} moves the client port to it, clients reconnecting and keeping their
 * sessions; so does the transport's bundle going away and coming back. Any other change of
 * configuration restarts the server. When the server cannot run (its port is taken, its data
 * cannot be read) it says so once and tells the launcher, if one listens ({@code paddock.fatal=true}).
 */
@Component(configurationPid = "io.paddock.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ServerConfig.class)
public final class StandaloneServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneServerComponent.class);

    /** Every installed transport: the client port is served by the one configured. */
    private final List<Transport> transports = new CopyOnWriteArrayList<>();

    @Reference(name = "fatal", service = Consumer.class, target = "(paddock.fatal=true)",
            cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Consumer<String> fatal;

    /** Request extensions live as long as this component: servers it restarts keep them. */
    private final Extensions extensions = new Extensions();

    /** Every installed backend: the one holding the database may not be the one configured. */
    private final List<StorageBackend> backends = new CopyOnWriteArrayList<>();
    private StandaloneServer server;
    /** The server while the configuration makes it a quorum member; then {@link #server} is null. */
    private QuorumServer member;
    /** Its {@link Replica} and {@link ClientService}, for the quorum peer; there while it runs. */
    private final List<ServiceRegistration<?>> memberServices = new ArrayList<>();
    private ServerSettings settings;
    private BundleContext context;
    /** The running server's view for the shell commands; there while the server runs. */
    private ServiceRegistration<ServerView> view;

    @Reference(name = "transports", service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTransport")
    synchronized void addTransport(Transport transport) {
        transports.add(transport);
        if (settings != null) {
            reconcile();
        }
    }

    synchronized void removeTransport(Transport transport) {
        transports.remove(transport);
        if (server != null && transport.name().equals(server.transportName())) {
            LOG.warn("the {} transport went away; clients reconnect once it, or another configured, is back",
                    transport.name());
            try {
                server.switchTransport(null);
            } catch (IOException e) {
                LOG.error("closing the client port failed: {}", e.toString(), e);
            }
        }
    }

    @Reference(name = "backends", service = StorageBackend.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeBackend")
    synchronized void addBackend(StorageBackend backend) {
        backends.add(backend);
        if (settings != null) {
            reconcile();
        }
    }

    synchronized void removeBackend(StorageBackend backend) {
        backends.remove(backend);
        if (server != null && server.storageName().equals(backend.name())) {
            LOG.error("the {} storage backend holding the database went away; the server stops until it is back",
                    backend.name());
            stop();
        }
    }

    @Reference(name = "extensions", service = RequestExtension.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeExtension")
    void addExtension(RequestExtension extension, Map<String, Object> properties) {
        Object ranking = properties.get("service.ranking");
        extensions.add(extension, ranking instanceof Integer i ? i : 0);
    }

    void removeExtension(RequestExtension extension) {
        extensions.remove(extension);
    }

    @Activate
    synchronized void activate(ServerConfig config, Map<String, Object> properties, BundleContext context) {
        this.context = context;
        try {
            settings = ServerSettings.from(config, properties);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        reconcile();
    }

    @Modified
    synchronized void modified(ServerConfig config, Map<String, Object> properties) {
        ServerSettings next;
        try {
            next = ServerSettings.from(config, properties);
        } catch (IllegalArgumentException e) {
            stop();
            settings = null;
            fail(e.getMessage());
            return;
        }
        boolean onlyPlugIns = settings != null
                && next.equals(settings.toBuilder().storage(next.storage()).transport(next.transport()).build());
        settings = next;
        if (!onlyPlugIns) {
            LOG.info("the configuration changed; restarting the server");
            stop();
        }
        reconcile();
    }

    /**
     * Brings the server in line with the configuration and the installed plug-ins: starts it once
     * the configured transport and backend are there, hands the database over to a newly
     * configured backend, and moves the client port to a newly configured transport.
     */
    private void reconcile() {
        StorageBackend chosen = installed(settings.storage());
        Transport transport = transport(settings.transport());
        if (chosen == null || transport == null) {
            LOG.warn("waiting for the {} storage backend and the {} transport to be installed", settings.storage(),
                    settings.transport());
        }
        if (settings.inQuorum()) {
            if (member == null && chosen != null && transport != null) {
                startMember(transport, chosen);
            } else if (member != null) {
                LOG.warn("a quorum member keeps its storage and transport until it restarts");
            }
            return;
        }
        if (server == null) {
            if (chosen != null && transport != null) {
                start(transport, chosen);
            }
            return;
        }
        if (chosen != null && !server.storageName().equals(chosen.name())) {
            try {
                server.switchStorage(chosen);
            } catch (IOException | RuntimeException e) {
                LOG.error("the database stays in {} storage: {}", server.storageName(), e.getMessage(), e);
            }
        }
        if (transport != null && !transport.name().equals(server.transportName())) {
            try {
                server.switchTransport(transport);
            } catch (IOException | RuntimeException e) {
                fail("cannot serve clients over " + transport.name() + ": " + e.getMessage());
            }
        }
    }

    private void start(Transport transport, StorageBackend chosen) {
        try {
            server = StandaloneServer.start(settings, transport, chosen, this::installed, extensions, this::fail);
            if (context != null) {
                view = context.registerService(ServerView.class, server.view(), null);
            }
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
            if (!(e instanceof java.net.BindException)) {
                LOG.debug("start failure", e);
            }
        }
    }

    private void startMember(Transport transport, StorageBackend chosen) {
        try {
            member = QuorumServer.start(settings, transport, chosen, this::installed, extensions, this::fail);
            if (context != null) {
                Dictionary<String, Object> props = new Hashtable<>(Map.of("paddock.myid", settings.quorumId()));
                memberServices.add(context.registerService(Replica.class, member.replica(), props));
                memberServices.add(context.registerService(ClientService.class, member.clients(), props));
                memberServices.add(context.registerService(ServerView.class, member.view(), null));
            }
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.debug("start failure", e);
        }
    }

    private Transport transport(String name) {
        return transports.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    private StorageBackend installed(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
    }

    private void fail(String message) {
        LOG.error("{}", message);
        Consumer<String> f = fatal;
        if (f != null) {
            f.accept(message);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
        settings = null;
        context = null;
    }

    private void stop() {
        memberServices.forEach(ServiceRegistration::unregister);
        memberServices.clear();
        if (member != null) {
            member.close();
            member = null;
        }
        if (view != null) {
            view.unregister();
            view = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
