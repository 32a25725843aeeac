package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;

/**
 * One server's turn on a data dir. Handles opened through it live until the leg ends, and are
 * closed only after the server has stopped: a session meant to outlive the server must not be
 * closed by its own handle.
 */
final class Leg implements AutoCloseable {
    /** With a snap count of 50, a few hundred txns cross several snapshots and log rolls. */
    static final int RANDOM_OPS = 300;
    static final int PIPELINED_CREATES = 150;
    /** The super user the surefire configuration gives every server in the JVM (super:oracle). */
    private static final String SUPER = "super:oracle";

    private final DiskServer server;
    private final TreeModel model;
    private final List<ZooKeeper> handles = new ArrayList<>();

    private Leg(DiskServer server, TreeModel model) {
        this.server = server;
        this.model = model;
    }

    static Leg start(ServerKind kind, Path dataDir, TreeModel model) throws Exception {
        return new Leg(kind.start(dataDir), model);
    }

    /** A leg whose server snapshots every {@code snapCount} txns (randomised) instead. */
    static Leg start(ServerKind kind, Path dataDir, TreeModel model, int snapCount) throws Exception {
        return new Leg(kind.start(dataDir, snapCount), model);
    }

    String serverName() {
        return server.name();
    }

    /** A new session, open until the leg ends. */
    ZooKeeper connect() throws Exception {
        return kept(StockClient.connect(server));
    }

    /** A new session asking for the given timeout, open until the leg ends. */
    ZooKeeper connect(int sessionTimeoutMs) throws Exception {
        return kept(StockClient.connect(server, sessionTimeoutMs));
    }

    /** A session opened earlier, perhaps on the other server; open until the leg ends. */
    ZooKeeper resume(Session session) throws Exception {
        ZooKeeper zk = kept(StockClient.resume(server, session));
        assertThat(zk.getSessionId()).as("session resumed on %s", server.name()).isEqualTo(session.id());
        return zk;
    }

    void assertExpired(Session session) throws Exception {
        StockClient.awaitExpired(server, session);
    }

    /** The whole tree, read by the super user through a handle of its own. */
    TreeDump dump() throws Exception {
        try (ZooKeeper zk = StockClient.connect(server)) {
            zk.addAuthInfo("digest", SUPER.getBytes(StandardCharsets.UTF_8));
            return TreeDump.read(zk);
        }
    }

    /**
     * Checks that this server, started on the data dir {@code left} was handed in, shows the same
     * tree (data, all of Stat, ACL), resumes the open session with its ephemerals, and neither
     * has the closed session's ephemerals nor lets the session back. Returns the resumed handle.
     */
    ZooKeeper assertTakesOver(Handover left) throws Exception {
        assertThat(dump().differencesFrom(left.tree()))
                .as("the tree %s reads from the data dir, against the one written before it", server.name())
                .isEmpty();
        ZooKeeper resumed = resume(left.kept());
        assertThat(resumed.getEphemerals())
                .as("ephemerals of the resumed session %s on %s", left.kept(), server.name())
                .containsExactlyInAnyOrderElementsOf(model.ephemeralsOf(left.kept().id()))
                .isNotEmpty();
        for (String path : left.closedEphemerals()) {
            assertThat(resumed.exists(path, false)).as("%s of the closed session %s", path, left.closed()).isNull();
        }
        assertExpired(left.closed());
        return resumed;
    }

    /**
     * Writes every kind of node, {@value #RANDOM_OPS} random writes and a pipelined burst under
     * {@code root}, ephemerals of {@code keeper}'s session (which stays open) and of a session it
     * closes, then reads the tree back and checks it against the model before handing over.
     */
    Handover write(String root, long seed, ZooKeeper keeper) throws Exception {
        Session closed;
        List<String> closedEphemerals;
        try (ZooKeeper writer = StockClient.connect(server); ZooKeeper closer = StockClient.connect(server)) {
            Workload workload = new Workload(writer, model, seed);
            workload.everyKindOnce(root);
            workload.ephemerals(keeper, root, "kept", 3);
            workload.ephemerals(closer, root, "closed", 3);
            workload.random(root, RANDOM_OPS);
            workload.pipelined(root, PIPELINED_CREATES);
            // Last of all, so that most likely only the log has it, in no snapshot.
            workload.ephemerals(keeper, root, "late", 1);
            closed = new Session(closer.getSessionId(), closer.getSessionPasswd());
            closedEphemerals = model.ephemeralsOf(closed.id());
        }
        model.sessionClosed(closed.id());
        TreeDump tree = dump();
        assertThat(model.differencesFrom(tree)).as("%s against what it acknowledged", server.name()).isEmpty();
        return new Handover(tree, new Session(keeper.getSessionId(), keeper.getSessionPasswd()), closed,
                closedEphemerals);
    }

    private ZooKeeper kept(ZooKeeper zk) {
        handles.add(zk);
        return zk;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } finally {
            for (ZooKeeper zk : handles) {
                zk.close();
            }
        }
    }
}
