package io.paddock.quorum.peer;

import io.paddock.api.election.ElectionStrategy;
import io.paddock.api.election.PeerState;
import io.paddock.api.quorum.ClientService;
import io.paddock.api.quorum.QuorumTiming;
import io.paddock.api.quorum.Replica;
import io.paddock.api.quorum.RoleFactory;
import io.paddock.api.transport.Transport;
import io.paddock.quorum.config.PeerConfig;
import io.paddock.quorum.config.QuorumConfigParser;
import io.paddock.quorum.election.ElectionLinks;
import io.paddock.quorum.election.ElectionRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link QuorumPeer} while the {@code io.paddock.server} configuration names a quorum
 * ({@code server.N} lines, {@code myid}) and what it needs is installed: the server's
 * {@link Replica} and {@link ClientService} for this sid, the configured transport
 * ({@code transport}, NIO by default) and election ({@code election}, {@code fle} by default),
 * and the role factories, which are looked up each time a role starts, so a role bundle may be
 * replaced between terms. A standalone configuration leaves this component idle.
 */
@Component(configurationPid = "io.paddock.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
public final class QuorumPeerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumPeerComponent.class);
    private static final String MYID = "paddock.myid";

    /** The launcher, if one listens: a configuration that cannot run ends the process with its message. */
    @Reference(name = "fatal", service = Consumer.class, target = "(paddock.fatal=true)",
            cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Consumer<String> fatal;

    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    private final Map<String, ElectionStrategy> elections = new ConcurrentHashMap<>();
    private final Map<String, RoleFactory> roles = new ConcurrentHashMap<>();
    private final Map<Long, Replica> replicas = new ConcurrentHashMap<>();
    private final Map<Long, ClientService> clients = new ConcurrentHashMap<>();

    private PeerConfig.Quorum config;
    private String transportName;
    private String electionName;
    private ElectionLinks links;
    private QuorumPeer peer;

    @Reference(name = "transports", service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTransport")
    synchronized void addTransport(Transport t) {
        transports.put(t.name(), t);
        reconcile();
    }

    synchronized void removeTransport(Transport t) {
        transports.remove(t.name(), t);
        reconcile();
    }

    @Reference(name = "elections", service = ElectionStrategy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeElection")
    synchronized void addElection(ElectionStrategy e, Map<String, Object> props) {
        elections.put(String.valueOf(props.get("paddock.election")), e);
        reconcile();
    }

    synchronized void removeElection(ElectionStrategy e, Map<String, Object> props) {
        elections.remove(String.valueOf(props.get("paddock.election")), e);
        reconcile();
    }

    @Reference(name = "roles", service = RoleFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeRole")
    void addRole(RoleFactory r, Map<String, Object> props) {
        roles.put(String.valueOf(props.get(RoleFactory.PROPERTY)), r);
    }

    void removeRole(RoleFactory r, Map<String, Object> props) {
        roles.remove(String.valueOf(props.get(RoleFactory.PROPERTY)), r);
    }

    @Reference(name = "replicas", service = Replica.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeReplica")
    synchronized void addReplica(Replica r, Map<String, Object> props) {
        replicas.put(sid(props), r);
        reconcile();
    }

    synchronized void removeReplica(Replica r, Map<String, Object> props) {
        replicas.remove(sid(props), r);
        reconcile();
    }

    @Reference(name = "clients", service = ClientService.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeClients")
    synchronized void addClients(ClientService c, Map<String, Object> props) {
        clients.put(sid(props), c);
        reconcile();
    }

    synchronized void removeClients(ClientService c, Map<String, Object> props) {
        clients.remove(sid(props), c);
        reconcile();
    }

    private static long sid(Map<String, Object> props) {
        Object v = props.get(MYID);
        return v instanceof Number n ? n.longValue() : -1;
    }

    @Activate
    synchronized void activate(Map<String, Object> properties) {
        configure(properties);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        stop();
        configure(properties);
    }

    private void configure(Map<String, Object> properties) {
        config = null;
        Map<String, String> keys = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (v != null && !k.startsWith("service.") && !k.startsWith("component.") && !k.startsWith("felix.")) {
                keys.put(k, String.valueOf(v));
            }
        });
        transportName = keys.getOrDefault("transport", "nio");
        electionName = keys.getOrDefault("election", "fle");
        try {
            Path dataDir = Path.of(keys.getOrDefault("dataDir", "data")).toAbsolutePath().normalize();
            PeerConfig parsed = QuorumConfigParser.parse(keys, dataDir);
            parsed.warnings().forEach(w -> LOG.warn("{}", w));
            if (parsed instanceof PeerConfig.Quorum quorum) {
                config = quorum;
                reconcile();
            }
        } catch (IllegalArgumentException e) {
            fail("the quorum configuration is not usable: " + e.getMessage());
        }
    }

    /** Starts the peer once everything is there; stops it when something it uses went away. */
    private void reconcile() {
        if (config == null) {
            return;
        }
        long myId = config.myId();
        Transport transport = transports.get(transportName);
        ElectionStrategy election = elections.get(electionName);
        Replica replica = replicas.get(myId);
        ClientService service = clients.get(myId);
        boolean ready = transport != null && election != null && replica != null && service != null;
        if (peer != null && !ready) {
            LOG.warn("peer {} stops: its transport, election or server went away", myId);
            stop();
        }
        if (peer == null && ready) {
            start(transport, election, replica, service);
        }
    }

    private void start(Transport transport, ElectionStrategy election, Replica replica, ClientService service) {
        ElectionLinks opened = new ElectionLinks(config.membership(), transport,
                new ElectionLinks.Settings(Duration.ofSeconds(5), config.quorumListenOnAllIps(), null));
        ElectionRunner runner = new ElectionRunner(opened, outbox -> election.create(config.membership(), outbox),
                ElectionRunner.monotonicClock());
        try {
            opened.start(runner::receive);
        } catch (IOException e) {
            opened.close();
            fail("peer " + config.myId() + " cannot listen for elections: " + e.getMessage());
            return;
        }
        runner.start();
        links = opened;
        replica.showConfig(config.membership().configText(), config.membership().configVersion());
        peer = new QuorumPeer(config.membership(), new QuorumTiming(config.tickTime(), config.initLimit(),
                config.syncLimit()), runner, this::roleFor, replica, service, transport);
        peer.start();
        LOG.info("peer {} started: {} voters, {} observers, election {} over {}", config.myId(),
                config.membership().voters().size(), config.membership().observers().size(), electionName,
                transport.name());
    }

    private RoleFactory roleFor(PeerState state) {
        return switch (state) {
            case LEADING -> roles.get("leader");
            case FOLLOWING -> roles.get("follower");
            case OBSERVING -> roles.get("observer");
            case LOOKING -> null;
        };
    }

    private void stop() {
        if (peer != null) {
            peer.close();
            peer = null;
        }
        if (links != null) {
            links.close();
            links = null;
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
    synchronized void deactivate() {
        stop();
        config = null;
    }
}
