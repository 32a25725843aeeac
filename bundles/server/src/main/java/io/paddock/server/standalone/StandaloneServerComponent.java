package io.paddock.server.standalone;

import io.paddock.api.storage.StorageBackend;
import io.paddock.api.transport.Transport;
import io.paddock.server.config.ServerConfig;
import io.paddock.server.config.ServerSettings;
import java.io.IOException;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StandaloneServer} while the {@code io.paddock.server} configuration exists and
 * the chosen transport and storage providers are there. The configuration picks them by
 * target filter ({@code transport.target}, {@code storage.target}); NIO and file by default.
 * When the server cannot run (its port is taken, its data cannot be read) it says so once
 * and tells the launcher, if one listens ({@code paddock.fatal=true}).
 */
@Component(configurationPid = "io.paddock.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ServerConfig.class)
public final class StandaloneServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneServerComponent.class);

    @Reference(name = "transport", target = "(" + Transport.PROPERTY + "=nio)")
    private Transport transport;

    @Reference(name = "storage", target = "(" + StorageBackend.PROPERTY + "=file)")
    private StorageBackend storage;

    @Reference(name = "fatal", service = Consumer.class, target = "(paddock.fatal=true)",
            cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Consumer<String> fatal;

    private StandaloneServer server;

    @Activate
    void activate(ServerConfig config) {
        try {
            server = StandaloneServer.start(ServerSettings.from(config), transport, storage, this::fail);
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
            if (!(e instanceof java.net.BindException)) {
                LOG.debug("start failure", e);
            }
        }
    }

    private void fail(String message) {
        LOG.error("{}", message);
        Consumer<String> f = fatal;
        if (f != null) {
            f.accept(message);
        }
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
