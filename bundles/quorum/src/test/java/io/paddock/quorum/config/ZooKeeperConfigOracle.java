package io.paddock.quorum.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * ZooKeeper 3.9.3's own {@code QuorumPeerConfig.parseProperties}, run on the same keys, as the
 * oracle of the configuration tests. It keeps state in statics and system properties
 * ({@code standaloneEnabled}, {@code reconfigEnabled}, {@code zookeeper.*} for keys it does not
 * know), so every run saves and restores them.
 */
final class ZooKeeperConfigOracle {
    /** What ZooKeeper made of a configuration; {@code refusal} is null when it accepted it. */
    record Outcome(String refusal, boolean distributed, long serverId, String peerType, String clientAddress,
            Set<Long> voters, Set<Long> observers, String configText, Map<Long, Set<String>> addresses) {
        boolean accepted() {
            return refusal == null;
        }
    }

    private ZooKeeperConfigOracle() {
    }

    static Outcome parse(Map<String, String> keys, Path dataDir) {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            QuorumPeerConfig.setStandaloneEnabled(true);
            QuorumPeerConfig.setReconfigEnabled(false);
            // 3.9.3 reads the multi-address switch for server lines from this system property
            // only; the zoo.cfg key sets a field the server-line parser never looks at.
            if ("true".equalsIgnoreCase(keys.get("multiAddress.enabled"))) {
                System.setProperty(QuorumPeer.CONFIG_KEY_MULTI_ADDRESS_ENABLED, "true");
            }
            Properties props = new Properties();
            props.putAll(keys);
            props.setProperty("dataDir", dataDir.toString());
            QuorumPeerConfig config = new QuorumPeerConfig();
            try {
                config.parseProperties(props);
            } catch (Exception e) {
                return refused(e);
            }
            if (config.isDistributed() && !config.getServers().containsKey(config.getServerId())) {
                // QuorumPeer.start refuses this; parsing lets it through.
                return refused(new RuntimeException("My id " + config.getServerId() + " not in the peer list"));
            }
            Map<Long, Set<String>> addresses = new TreeMap<>();
            config.getServers().forEach((sid, server) -> addresses.put(sid, server.addr.getAllAddresses().stream()
                    .map(a -> a.getHostString() + ":" + a.getPort() + ":" + electionPortOf(server, a))
                    .collect(Collectors.toCollection(TreeSet::new))));
            return new Outcome(null, config.isDistributed(), config.getServerId(), config.getPeerType().name(),
                    text(config.getClientPortAddress()),
                    new TreeSet<>(config.getQuorumVerifier().getVotingMembers().keySet()),
                    new TreeSet<>(config.getQuorumVerifier().getObservingMembers().keySet()),
                    config.getQuorumVerifier().toString(), addresses);
        } finally {
            QuorumPeerConfig.setStandaloneEnabled(true);
            QuorumPeerConfig.setReconfigEnabled(false);
            System.setProperties(saved);
        }
    }

    private static int electionPortOf(QuorumPeer.QuorumServer server, InetSocketAddress quorumAddress) {
        return server.electionAddr.getAllAddresses().stream()
                .filter(e -> e.getHostString().equals(quorumAddress.getHostString()))
                .mapToInt(InetSocketAddress::getPort).findFirst().orElse(-1);
    }

    static String text(InetSocketAddress address) {
        return address == null ? null : QuorumPeer.QuorumServer.delimitedHostString(address) + ":" + address.getPort();
    }

    private static Outcome refused(Exception e) {
        String message = e.getMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            message += " / " + c.getMessage();
        }
        return new Outcome(e.getClass().getSimpleName() + ": " + message, false, -1, null, null, null, null, null, null);
    }
}
