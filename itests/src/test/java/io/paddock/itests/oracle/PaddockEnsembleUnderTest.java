package io.paddock.itests.oracle;

import static org.awaitility.Awaitility.await;

import io.paddock.quorum.peer.InProcessEnsemble;
import io.paddock.server.config.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paddock as an ensemble in this JVM: the quorum module's {@link InProcessEnsemble} (real servers
 * and peers over loopback), each member configured as {@link PaddockUnderTest} configures the
 * standalone server, with ZooKeeper's session timeout bounds (2 and 20 ticks).
 */
final class PaddockEnsembleUnderTest implements ServerUnderTest {
    private static final Logger LOG = LoggerFactory.getLogger(PaddockEnsembleUnderTest.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final InProcessEnsemble ensemble;
    private final Map<Integer, String> portNames = new LinkedHashMap<>();

    private PaddockEnsembleUnderTest(InProcessEnsemble ensemble) {
        this.ensemble = ensemble;
        for (InProcessEnsemble.Member m : ensemble.members()) {
            // server.N=127.0.0.1:quorumPort:electionPort, as ZooKeeperEnsembleOracle writes it
            String[] address = ensemble.config().get("server." + m.sid()).split(":");
            portNames.put(Integer.parseInt(address[1]), "server." + m.sid() + " quorum port");
            portNames.put(Integer.parseInt(address[2]), "server." + m.sid() + " election port");
            String client = m.connectString();
            portNames.put(Integer.parseInt(client.substring(client.lastIndexOf(':') + 1)),
                    "server." + m.sid() + " client port");
        }
    }

    /**
     * Starts {@code size} participants, sids 1 to {@code size}, with initLimit 10 and syncLimit 5,
     * and waits until one leads and every other follows it; {@code more} on top of each member's
     * settings.
     */
    static PaddockEnsembleUnderTest start(Path dir, int size, int tickTime, UnaryOperator<ServerSettings.Builder> more)
            throws Exception {
        InProcessEnsemble ensemble = new InProcessEnsemble(dir, size, 0, tickTime,
                settings -> more.apply(PaddockUnderTest.oracleDefaults(settings.sessionTimeouts(-1, -1))));
        try {
            ensemble.startAll();
            LOG.info("Paddock ensemble serving: leader {}", ensemble.awaitLeader().sid());
        } catch (Exception | AssertionError e) {
            ensemble.close();
            throw e;
        }
        return new PaddockEnsembleUnderTest(ensemble);
    }

    @Override
    public String name() {
        return "Paddock ensemble";
    }

    @Override
    public String connectString() {
        return connectString(0);
    }

    @Override
    public int size() {
        return ensemble.members().size();
    }

    @Override
    public String connectString(int index) {
        List<InProcessEnsemble.Member> members = ensemble.members();
        return members.get(index % members.size()).connectString();
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
            for (InProcessEnsemble.Member m : ensemble.members()) {
                applied = Math.max(applied, m.lastProcessedZxid());
                if ("leader".equals(m.mode())) {
                    leaderApplied = m.lastProcessedZxid();
                }
            }
            return leaderApplied >= applied;
        });
    }

    /** Stops every member, then starts them again on the same ports and data, and waits for them to elect. */
    @Override
    public PaddockEnsembleUnderTest restart() {
        ensemble.members().forEach(InProcessEnsemble.Member::stop);
        ensemble.startAll();
        LOG.info("Paddock ensemble serving again: leader {}", ensemble.awaitLeader().sid());
        return this;
    }

    @Override
    public void close() {
        ensemble.close();
        if (!ensemble.fatalMessages().isEmpty()) {
            LOG.error("the Paddock ensemble's servers stopped on fatal errors: {}", ensemble.fatalMessages());
        }
    }
}
