package io.paddock.itests.oracle;

import static org.awaitility.Awaitility.await;

import io.paddock.api.testkit.Loopback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZKDatabase;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeer.ServerState;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache ZooKeeper 3.9.3 as an ensemble in this JVM, as ZooKeeper's own tests run one: a
 * {@link QuorumPeer} per server, configured from zoo.cfg keys by {@link QuorumPeerConfig} and set
 * up as {@code QuorumPeerMain.runFromConfig} sets one up, less what that does to the whole JVM (a
 * metrics provider, log4j's JMX beans). Every port is a free loopback one; each server has its data
 * directory and myid under the ensemble's directory.
 */
final class ZooKeeperEnsembleOracle implements ServerUnderTest {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperEnsembleOracle.class);
    private static final Duration ELECTION = Duration.ofSeconds(30);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    private static final long STOP_MILLIS = 10_000;
    /**
     * The leader's ContainerManager (LeaderZooKeeperServer) reads it when the leader starts. Its
     * first run would come after a minute, at a moment of its own, with txns that put the
     * ensembles' zxids apart; Paddock's reaper is held off in the same way
     * ({@link PaddockUnderTest#oracleDefaults}).
     */
    private static final String CONTAINER_CHECK_INTERVAL = "znode.container.checkIntervalMs";
    /** Read by each QuorumPeer's constructor: no Jetty admin server on port 8080 of every address. */
    private static final String ADMIN_SERVER = "zookeeper.admin.enableServer";

    private final List<Properties> configs;
    private final Map<Integer, String> portNames;
    private final List<QuorumPeer> peers = new ArrayList<>();
    private final String previousCheckInterval;
    private final String previousAdminServer;

    private ZooKeeperEnsembleOracle(List<Properties> configs, Map<Integer, String> portNames) {
        this.configs = configs;
        this.portNames = portNames;
        previousCheckInterval = System.setProperty(CONTAINER_CHECK_INTERVAL, Integer.toString(Integer.MAX_VALUE));
        previousAdminServer = System.setProperty(ADMIN_SERVER, "false");
    }

    /**
     * Starts {@code size} participants, sids 1 to {@code size}, with initLimit 10 and syncLimit 5,
     * and waits until one leads and every other follows it, each serving clients.
     */
    static ZooKeeperEnsembleOracle start(Path dir, int size, int tickTime) throws Exception {
        Properties shared = new Properties();
        shared.setProperty("tickTime", Integer.toString(tickTime));
        shared.setProperty("initLimit", "10");
        shared.setProperty("syncLimit", "5");
        Map<Integer, String> portNames = new LinkedHashMap<>();
        List<Integer> clientPorts = new ArrayList<>();
        for (int sid = 1; sid <= size; sid++) {
            int quorumPort = Loopback.freePort();
            int electionPort = Loopback.freePort();
            int clientPort = Loopback.freePort();
            shared.setProperty("server." + sid, "127.0.0.1:" + quorumPort + ":" + electionPort);
            portNames.put(quorumPort, "server." + sid + " quorum port");
            portNames.put(electionPort, "server." + sid + " election port");
            portNames.put(clientPort, "server." + sid + " client port");
            clientPorts.add(clientPort);
        }
        List<Properties> configs = new ArrayList<>();
        for (int sid = 1; sid <= size; sid++) {
            Path dataDir = Files.createDirectories(dir.resolve("s" + sid));
            Files.writeString(dataDir.resolve("myid"), sid + "\n");
            Properties config = new Properties();
            config.putAll(shared);
            config.setProperty("dataDir", dataDir.toString());
            config.setProperty("clientPort", Integer.toString(clientPorts.get(sid - 1)));
            config.setProperty("clientPortAddress", "127.0.0.1");
            configs.add(config);
        }
        ZooKeeperEnsembleOracle ensemble = new ZooKeeperEnsembleOracle(configs, portNames);
        try {
            ensemble.startAll();
        } catch (Exception | AssertionError e) {
            ensemble.close();
            throw e;
        }
        return ensemble;
    }

    private void startAll() throws IOException, ConfigException {
        for (Properties config : configs) {
            peers.add(startPeer(config));
        }
        await().atMost(ELECTION).pollInterval(Duration.ofMillis(20)).until(this::settled);
        LOG.info("ZooKeeper ensemble serving: leader {}, epoch {}", peers.stream()
                .filter(p -> p.getPeerState() == ServerState.LEADING).findFirst().orElseThrow().getMyId(),
                peers.get(0).getCurrentEpoch());
    }

    /** {@code QuorumPeerMain.runFromConfig}'s setup of a peer, for a config without TLS, SASL or reconfig. */
    private static QuorumPeer startPeer(Properties properties) throws IOException, ConfigException {
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parseProperties(properties);
        ServerCnxnFactory cnxnFactory = ServerCnxnFactory.createFactory();
        cnxnFactory.configure(config.getClientPortAddress(), config.getMaxClientCnxns(),
                config.getClientPortListenBacklog(), false);
        try {
            QuorumPeer peer = new QuorumPeer();
            peer.setTxnFactory(new FileTxnSnapLog(config.getDataLogDir(), config.getDataDir()));
            peer.enableLocalSessions(config.areLocalSessionsEnabled());
            peer.enableLocalSessionsUpgrading(config.isLocalSessionsUpgradingEnabled());
            peer.setElectionType(config.getElectionAlg());
            peer.setMyid(config.getServerId());
            peer.setTickTime(config.getTickTime());
            peer.setMinSessionTimeout(config.getMinSessionTimeout());
            peer.setMaxSessionTimeout(config.getMaxSessionTimeout());
            peer.setInitLimit(config.getInitLimit());
            peer.setSyncLimit(config.getSyncLimit());
            peer.setConnectToLearnerMasterLimit(config.getConnectToLearnerMasterLimit());
            peer.setObserverMasterPort(config.getObserverMasterPort());
            peer.setClientPortListenBacklog(config.getClientPortListenBacklog());
            peer.setZKDatabase(new ZKDatabase(peer.getTxnFactory()));
            peer.setQuorumVerifier(config.getQuorumVerifier(), false);
            if (config.getLastSeenQuorumVerifier() != null) {
                peer.setLastSeenQuorumVerifier(config.getLastSeenQuorumVerifier(), false);
            }
            peer.initConfigInZKDatabase();
            peer.setCnxnFactory(cnxnFactory);
            peer.setSslQuorum(config.isSslQuorum());
            peer.setUsePortUnification(config.shouldUsePortUnification());
            peer.setLearnerType(config.getPeerType());
            peer.setSyncEnabled(config.getSyncEnabled());
            peer.setQuorumListenOnAllIPs(config.getQuorumListenOnAllIPs());
            peer.setMultiAddressEnabled(config.isMultiAddressEnabled());
            peer.setMultiAddressReachabilityCheckEnabled(config.isMultiAddressReachabilityCheckEnabled());
            peer.setMultiAddressReachabilityCheckTimeoutMs(config.getMultiAddressReachabilityCheckTimeoutMs());
            peer.initialize();
            peer.start();
            return peer;
        } catch (IOException | RuntimeException e) {
            cnxnFactory.shutdown();
            throw e;
        }
    }

    /** One peer leads, every other follows, and each one's server is up and serving clients. */
    private boolean settled() {
        long leaders = peers.stream().filter(p -> p.getPeerState() == ServerState.LEADING).count();
        boolean serving = peers.stream().allMatch(p -> {
            ZooKeeperServer server = p.getActiveServer();
            return server != null && server.isRunning();
        });
        return leaders == 1 && serving
                && peers.stream().allMatch(p -> p.getPeerState() != ServerState.LOOKING);
    }

    @Override
    public String name() {
        return "ZooKeeper ensemble";
    }

    @Override
    public String connectString() {
        return connectString(0);
    }

    @Override
    public int size() {
        return configs.size();
    }

    @Override
    public String connectString(int index) {
        return "127.0.0.1:" + configs.get(index % configs.size()).getProperty("clientPort");
    }

    @Override
    public Map<Integer, String> portNames() {
        return portNames;
    }

    @Override
    public void awaitLeaderCaughtUp() {
        await().atMost(CATCH_UP).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            long applied = 0;
            long leaderApplied = -1;
            for (QuorumPeer peer : peers) {
                long zxid = peer.getActiveServer().getZKDatabase().getDataTreeLastProcessedZxid();
                applied = Math.max(applied, zxid);
                if (peer.getPeerState() == ServerState.LEADING) {
                    leaderApplied = zxid;
                }
            }
            return leaderApplied >= applied;
        });
    }

    /** Stops every peer, then starts new ones on the same ports and data, and waits for them to elect. */
    @Override
    public ZooKeeperEnsembleOracle restart() throws Exception {
        stopAll();
        startAll();
        return this;
    }

    private void stopAll() throws InterruptedException {
        for (QuorumPeer peer : peers) {
            peer.shutdown();
        }
        for (QuorumPeer peer : peers) {
            peer.join(STOP_MILLIS);
            if (peer.isAlive()) {
                throw new IllegalStateException("ZooKeeper peer " + peer.getMyId() + " still runs "
                        + STOP_MILLIS + " ms after its shutdown");
            }
        }
        peers.clear();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stopAll();
        } finally {
            restore(CONTAINER_CHECK_INTERVAL, previousCheckInterval);
            restore(ADMIN_SERVER, previousAdminServer);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }
}
