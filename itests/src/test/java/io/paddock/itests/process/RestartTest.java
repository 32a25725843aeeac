package io.paddock.itests.process;

import io.paddock.api.testkit.RawClient;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean stop (SIGTERM) and start of the real distribution on the same dataDir. */
class RestartTest {
    private static final Pattern SRVR_ZXID = Pattern.compile("Zxid: 0x([0-9a-f]+)");

    @TempDir
    static Path dir;
    static PaddockProcess server;

    @BeforeAll
    static void start() {
        server = PaddockProcess.started(dir, "RestartTest");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static long lastZxid() throws Exception {
        Matcher m = SRVR_ZXID.matcher(server.fourLetterWord("srvr"));
        assertThat(m.find()).as("srvr reports Zxid").isTrue();
        return Long.parseLong(m.group(1), 16);
    }

    private record Node(byte[] data, Stat stat, List<String> children) {
    }

    private static Map<String, Node> read(ZooKeeper zk, List<String> paths) throws Exception {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (String path : paths) {
            Stat stat = new Stat();
            byte[] data = zk.getData(path, false, stat);
            nodes.put(path, new Node(data, stat, zk.getChildren(path, false).stream().sorted().toList()));
        }
        return nodes;
    }

    @Test
    void dataAndStatFieldsAreEqualAfterACleanRestartAndZxidsContinueUpward() throws Exception {
        List<String> paths;
        Map<String, Node> before;
        try (ZooKeeper zk = server.connect()) {
            zk.create("/r", "root".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/r/a", "a0".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/r/a", "a1".getBytes(UTF_8), 0);
            zk.setData("/r/a", "a2".getBytes(UTF_8), 1);
            String seq = zk.create("/r/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
            zk.create("/r/gone", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.delete("/r/gone", 0);
            zk.setACL("/r/a", Ids.READ_ACL_UNSAFE, 0);
            paths = List.of("/", "/r", "/r/a", seq);
            before = read(zk, paths);
        }
        long zxidBefore = lastZxid();

        assertThat(server.stop()).as("exit status after SIGTERM").isEqualTo(143);
        server.start();

        assertThat(lastZxid()).as("last zxid after restart").isEqualTo(zxidBefore);
        try (ZooKeeper zk = server.connect()) {
            Map<String, Node> after = read(zk, paths);
            for (String path : paths) {
                assertThat(after.get(path).data()).as("data of %s", path).isEqualTo(before.get(path).data());
                assertThat(after.get(path).stat()).as("stat of %s", path).isEqualTo(before.get(path).stat());
                assertThat(after.get(path).children()).as("children of %s", path).isEqualTo(before.get(path).children());
            }
            assertThat(zk.getACL("/r/a", new Stat())).isEqualTo(Ids.READ_ACL_UNSAFE);

            Stat fresh = new Stat();
            String next = zk.create("/r/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, fresh);
            assertThat(fresh.getCzxid()).isGreaterThan(zxidBefore);
            assertThat(next).isEqualTo("/r/s-0000000003");
        }
    }

    @Test
    void aClientConnectedThroughARestartKeepsItsSessionAndEphemerals() throws Exception {
        EventLog states = new EventLog();
        ZooKeeper zk = new ZooKeeper(server.connectString(), 30_000, states);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
            zk.create("/held", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

            assertThat(server.stop()).isEqualTo(143);
            await().atMost(Duration.ofSeconds(30)).until(() -> states.events().stream()
                    .anyMatch(e -> e.getState() == KeeperState.Disconnected));
            server.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
            assertThat(zk.exists("/held", false).getEphemeralOwner()).isEqualTo(zk.getSessionId());
            assertThat(states.events()).noneMatch(e -> e.getState() == KeeperState.Expired);
        } finally {
            zk.close();
        }
    }

    @Test
    void anEphemeralWhoseSessionNeverReturnsVanishesAfterARestart() throws Exception {
        try (RawClient gone = new RawClient(server.port())) {
            var session = gone.connect(2_000);
            assertThat(session.timeOut()).isEqualTo(2_000);
            gone.send(1, OpCode.CREATE, new CreateRequest("/orphan", null, Perms.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL.toFlag()));
            assertThat(gone.readReply().header().err()).isZero();

            assertThat(server.kill()).isEqualTo(137);
        }
        server.start();

        // The restored session gets its timeout afresh (protocol.md 14); nobody renews it.
        try (ZooKeeper zk = server.connect()) {
            EventLog watch = new EventLog();
            if (zk.exists("/orphan", watch) != null) {
                await().atMost(Duration.ofSeconds(20)).until(() -> watch.types().contains(EventType.NodeDeleted));
            }
            assertThat(zk.exists("/orphan", false)).isNull();
        }
    }

    @Test
    void watchesSetBeforeARestartFireAfterTheClientReconnects() throws Exception {
        try (ZooKeeper writer = server.connect()) {
            writer.create("/w", "0".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        EventLog states = new EventLog();
        ZooKeeper watcher = new ZooKeeper(server.connectString(), 30_000, states);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.getState() == ZooKeeper.States.CONNECTED);
            EventLog data = new EventLog();
            EventLog created = new EventLog();
            watcher.getData("/w", data, null);
            assertThat(watcher.exists("/w-later", created)).isNull();

            assertThat(server.stop()).isEqualTo(143);
            await().atMost(Duration.ofSeconds(30)).until(() -> states.events().stream()
                    .anyMatch(e -> e.getState() == KeeperState.Disconnected));
            server.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.getState() == ZooKeeper.States.CONNECTED);
            // The client re-registers its watches with SetWatches on reconnect (protocol.md 12.6).
            EventLog.settle(watcher);

            try (ZooKeeper writer = server.connect()) {
                writer.setData("/w", "1".getBytes(UTF_8), -1);
                writer.create("/w-later", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }

            // The client also hands its connection state changes (type None) to every watcher.
            await().atMost(Duration.ofSeconds(30)).until(() -> data.types().contains(EventType.NodeDataChanged)
                    && created.types().contains(EventType.NodeCreated));
            EventLog.settle(watcher);
            assertThat(data.types()).filteredOn(t -> t != EventType.None).containsExactly(EventType.NodeDataChanged);
            assertThat(created.types()).filteredOn(t -> t != EventType.None).containsExactly(EventType.NodeCreated);
        } finally {
            watcher.close();
        }
    }
}
