package io.paddock.server.standalone;

import io.paddock.api.storage.StorageBackend;
import io.paddock.api.transport.Transport;
import io.paddock.server.command.ServerView;
import io.paddock.server.config.ServerConfig;
import io.paddock.server.config.ServerSettings;
import java.io.IOException;
import java.util.List;
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
 * the chosen transport and storage providers are there. The transport is picked by target
 * filter ({@code transport.target}, NIO by default); the storage by the {@code storage} key
 * (file by default) among the installed backends. A new {@code storage} on the running server
 * hands the database over to that backend with clients staying connected; any other change of
 * configuration restarts the server. When the server cannot run (its port is taken, its data
 * cannot be read) it says so once and tells the launcher, if one listens ({@code paddock.fatal=true}).
 */
@Component(configurationPid = "io.paddock.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ServerConfig.class)
public final class StandaloneServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneServerComponent.class);

    @Reference(name = "transport", target = "(" + Transport.PROPERTY + "=nio)")
    private Transport transport;

    @Reference(name = "fatal", service = Consumer.class, target = "(paddock.fatal=true)",
            cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Consumer<String> fatal;

    /** Every installed backend: the one holding the database may not be the one configured. */
    private final List<StorageBackend> backends = new CopyOnWriteArrayList<>();
    private StandaloneServer server;
    private ServerSettings settings;
    private BundleContext context;
    /** The running server's view for the shell commands; there while the server runs. */
    private ServiceRegistration<ServerView> view;

    @Reference(name = "backends", service = StorageBackend.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeBackend")
    synchronized void addBackend(StorageBackend backend) {
        backends.add(backend);
        if (settings != null) {
            reconcileStorage();
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

    @Activate
    synchronized void activate(ServerConfig config, BundleContext context) {
        this.context = context;
        settings = ServerSettings.from(config);
        reconcileStorage();
    }

    @Modified
    synchronized void modified(ServerConfig config) {
        ServerSettings next = ServerSettings.from(config);
        boolean onlyStorage = settings != null && next.equals(settings.withStorage(next.storage()));
        settings = next;
        if (!onlyStorage) {
            LOG.info("the configuration changed; restarting the server");
            stop();
        }
        reconcileStorage();
    }

    /** Starts the server on the configured backend, or hands the database over to it. */
    private void reconcileStorage() {
        StorageBackend chosen = installed(settings.storage());
        if (chosen == null) {
            LOG.warn("waiting for the {} storage backend to be installed", settings.storage());
            return;
        }
        if (server == null) {
            start(chosen);
        } else if (!server.storageName().equals(chosen.name())) {
            try {
                server.switchStorage(chosen);
            } catch (IOException | RuntimeException e) {
                LOG.error("the database stays in {} storage: {}", server.storageName(), e.getMessage(), e);
            }
        }
    }

    private void start(StorageBackend chosen) {
        try {
            server = StandaloneServer.start(settings, transport, chosen, this::installed, this::fail);
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
