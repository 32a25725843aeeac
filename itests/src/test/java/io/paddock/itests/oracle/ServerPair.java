package io.paddock.itests.oracle;

import io.paddock.server.config.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache ZooKeeper 3.9.3 and Paddock side by side, each with its stock-client handles, started
 * once and shared by the scenarios of a test class: each a standalone server, or each an ensemble
 * of as many servers in this JVM. Between scenarios every node a scenario made is deleted, in the
 * same order on both, so both keep the same history and their zxids keep comparing exactly; should
 * they ever part (a scenario that found a difference may leave one server a txn ahead), both start
 * again from empty directories, so one difference never shows up as many.
 *
 * <p>An ensemble's zxids compare exactly too, epoch included: each ensemble elects once before
 * its first client connects, and once at each restart, so both count the same epochs. A side that
 * elected again on its own would show in every zxid after, as it should: clients see it.
 */
final class ServerPair implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPair.class);
    private static final int TICK_TIME = 2000;
    private static final String PROBE = "/paddock-oracle-probe";
    private static final String SUPER = "super:oracle";

    private final Path root;
    private final int servers;
    private final UnaryOperator<ServerSettings.Builder> paddockSettings;
    private int generation;
    private ClientSide zookeeper;
    private ClientSide paddock;

    private ServerPair(Path root, int servers, UnaryOperator<ServerSettings.Builder> paddockSettings) {
        this.root = root;
        this.servers = servers;
        this.paddockSettings = paddockSettings;
    }

    /**
     * Starts both, standalone when {@code servers} is 1, else each an ensemble of {@code servers};
     * Paddock with its oracle defaults and then {@code paddockSettings}.
     */
    static ServerPair start(int servers, UnaryOperator<ServerSettings.Builder> paddockSettings) throws Exception {
        ServerPair pair = new ServerPair(Files.createTempDirectory("paddock-oracle-"), servers, paddockSettings);
        try {
            pair.startFresh();
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    ClientSide zookeeper() {
        return zookeeper;
    }

    ClientSide paddock() {
        return paddock;
    }

    /** Closes the handles, stops both servers and starts them again on the data they had. */
    void restart() throws Exception {
        zookeeper = zookeeper.restart();
        paddock = paddock.restart();
    }

    /**
     * Ends a scenario: closes its handles, deletes the nodes it made (and the quotas it set), then
     * checks with one probe node that both servers are at the same zxid with the same root. When
     * the wipe itself fails on either, both start afresh before the failure is reported, since the
     * failed one may keep what the scenario made and its handles open.
     */
    void reset() throws Exception {
        String zookeeperProbe;
        String paddockProbe;
        try {
            zookeeperProbe = wipe(zookeeper);
            paddockProbe = wipe(paddock);
        } catch (Exception | AssertionError e) {
            LOG.warn("wiping what the scenario made failed ({}): starting both afresh", e.toString());
            stopBoth();
            startFresh();
            throw e;
        }
        if (!zookeeperProbe.equals(paddockProbe)) {
            LOG.warn("the servers parted (ZooKeeper {}, Paddock {}): starting both afresh", zookeeperProbe,
                    paddockProbe);
            stopBoth();
            startFresh();
        }
    }

    /**
     * Deletes every node but {@code /zookeeper} and what ZooKeeper keeps under it, ephemerals too,
     * so that the sessions closing afterwards, in whatever order, delete nothing; then a probe
     * node's Stat and the roots' show where the server stands.
     */
    private static String wipe(ClientSide side) throws Exception {
        try {
            return wipeAndProbe(side);
        } catch (KeeperException e) {
            throw new IllegalStateException("wiping " + side.server.name() + " after the scenario: " + e.getMessage(),
                    e);
        }
    }

    private static String wipeAndProbe(ClientSide side) throws Exception {
        side.connect("wipe");
        ZooKeeper zk = side.handle("wipe");
        // Scenarios leave nodes nobody may delete under; the super user may (itests/pom.xml sets it).
        zk.addAuthInfo("digest", SUPER.getBytes(StandardCharsets.UTF_8));
        for (String child : sorted(zk.getChildren("/", false))) {
            if (!child.equals("zookeeper")) {
                deleteTree(zk, "/" + child);
            }
        }
        for (String child : sorted(zk.getChildren("/zookeeper/quota", false))) {
            deleteTree(zk, "/zookeeper/quota/" + child);
        }
        Stat probe = new Stat();
        zk.create(PROBE, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, probe);
        zk.delete(PROBE, -1);
        String rendered = side.render(new Object[] {probe, zk.exists("/", false), zk.exists("/zookeeper/quota", false)});
        side.disconnectAll();
        return rendered;
    }

    private static void deleteTree(ZooKeeper zk, String path) throws Exception {
        for (String child : sorted(zk.getChildren(path, false))) {
            deleteTree(zk, path + "/" + child);
        }
        zk.delete(path, -1);
    }

    private static List<String> sorted(List<String> children) {
        List<String> copy = new ArrayList<>(children);
        copy.sort(null);
        return copy;
    }

    private void startFresh() throws Exception {
        generation++;
        startBoth();
    }

    private void startBoth() throws Exception {
        Path dirs = root.resolve("generation-" + generation);
        if (servers == 1) {
            zookeeper = new ClientSide(ZooKeeperOracle.start(dirs.resolve("zookeeper"), TICK_TIME));
            paddock = new ClientSide(PaddockUnderTest.start(dirs.resolve("paddock"), TICK_TIME, paddockSettings));
        } else {
            // Each ensemble elects before any client connects, once, so both number their first txn
            // 0x100000001 (epoch 1, counter 1) and zxids compare exactly, as between standalone servers.
            zookeeper = new ClientSide(ZooKeeperEnsembleOracle.start(dirs.resolve("zookeeper"), servers, TICK_TIME));
            paddock = new ClientSide(PaddockEnsembleUnderTest.start(dirs.resolve("paddock"), servers, TICK_TIME,
                    paddockSettings));
        }
    }

    private void stopBoth() throws Exception {
        try {
            if (zookeeper != null) {
                zookeeper.close();
            }
        } finally {
            zookeeper = null;
            if (paddock != null) {
                paddock.close();
            }
            paddock = null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopBoth();
        } finally {
            deleteRecursively(root);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
