package io.paddock.itests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.testkit.RawClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four-letter words beside ZooKeeper 3.9.3's (protocol.md section 15): the same words give
 * text of the same shape: the same keys in the same order, the same fixed replies. Values
 * (latencies, ids, sizes) differ between any two servers and are not compared.
 */
class FourLetterWordOracleTest {
    @TempDir
    static Path dir;
    static ZooKeeperOracle zookeeper;
    static PaddockUnderTest paddock;
    static ZooKeeper zkClient;
    static ZooKeeper paddockClient;

    @BeforeAll
    static void start() throws Exception {
        // ZooKeeper reads its whitelist from this property, once, on the first word it serves.
        System.setProperty("zookeeper.4lw.commands.whitelist", "*");
        zookeeper = ZooKeeperOracle.start(dir.resolve("zookeeper"), 2000);
        paddock = PaddockUnderTest.start(dir.resolve("paddock"), 2000);
        zkClient = connect(zookeeper);
        paddockClient = connect(paddock);
        for (ZooKeeper zk : List.of(zkClient, paddockClient)) {
            zk.create("/w", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/w/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.getData("/w", true, null);
        }
    }

    private static ZooKeeper connect(ServerUnderTest server) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(server.connectString(), 30000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
        return zk;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {zkClient, paddockClient, zookeeper, paddock}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String ask(ServerUnderTest server, String word) throws Exception {
        int port = Integer.parseInt(server.connectString().substring(server.connectString().indexOf(':') + 1));
        return RawClient.fourLetterWord(port, word);
    }

    /** Each line's key: the text before the first ':', '=' or tab. */
    private static List<String> keys(String text) {
        return text.lines().filter(l -> !l.isBlank()).map(l -> l.split("[:=\t]", 2)[0]).toList();
    }

    @Test
    void fixedRepliesAreZooKeepers() throws Exception {
        for (String word : List.of("ruok", "isro", "gtmk", "crst", "srst")) {
            assertThat(ask(paddock, word)).as(word).isEqualTo(ask(zookeeper, word));
        }
    }

    @Test
    void srvrConfAndDirsHaveZooKeepersKeysInOrder() throws Exception {
        for (String word : List.of("srvr", "conf", "dirs")) {
            assertThat(keys(ask(paddock, word))).as(word).isEqualTo(keys(ask(zookeeper, word)));
        }
    }

    @Test
    void statListsClientsAsZooKeeperDoes() throws Exception {
        String zk = ask(zookeeper, "stat");
        String ours = ask(paddock, "stat");
        // How many client lines there are depends on which four-letter-word sockets are still closing.
        assertThat(keys(ours).stream().filter(k -> !k.startsWith(" /")).toList()).as("stat")
                .isEqualTo(keys(zk).stream().filter(k -> !k.startsWith(" /")).toList());
        String clientLine = "^ /127\\.0\\.0\\.1:\\d+\\[\\d+\\]\\(queued=\\d+,recved=\\d+,sent=\\d+\\)$";
        assertThat(ours.lines().filter(l -> l.startsWith(" /"))).isNotEmpty().allMatch(l -> l.matches(clientLine));
        assertThat(zk.lines().filter(l -> l.startsWith(" /"))).allMatch(l -> l.matches(clientLine));
    }

    @Test
    void mntrHasEveryKeyZooKeeper35HadAndNoneZooKeeperLacks() throws Exception {
        Set<String> zk = Set.copyOf(keys(ask(zookeeper, "mntr")));
        List<String> ours = keys(ask(paddock, "mntr"));
        assertThat(ours.subList(0, 2)).containsExactly("zk_version", "zk_server_state");
        assertThat(zk).containsAll(ours);
        assertThat(ours).containsAll(Arrays.stream(("zk_version zk_avg_latency zk_max_latency zk_min_latency"
                + " zk_packets_received zk_packets_sent zk_num_alive_connections zk_outstanding_requests"
                + " zk_server_state zk_znode_count zk_watch_count zk_ephemerals_count zk_approximate_data_size"
                + " zk_open_file_descriptor_count zk_max_file_descriptor_count").split(" ")).toList());
    }

    @Test
    void watchWordsHaveZooKeepersShape() throws Exception {
        for (String word : List.of("wchs", "wchp", "wchc")) {
            assertThat(ask(paddock, word).replaceAll("0x[0-9a-f]+", "0x?")).as(word)
                    .isEqualTo(ask(zookeeper, word).replaceAll("0x[0-9a-f]+", "0x?"));
        }
    }

    @Test
    void envAndDumpStartAsZooKeepersDo() throws Exception {
        assertThat(ask(paddock, "envi").lines().findFirst()).isEqualTo(ask(zookeeper, "envi").lines().findFirst());
        assertThat(keys(ask(zookeeper, "envi"))).containsAll(keys(ask(paddock, "envi")));
        List<String> headers = List.of("SessionTracker dump:", "ephemeral nodes dump:");
        String zkDump = ask(zookeeper, "dump");
        String ourDump = ask(paddock, "dump");
        for (String h : headers) {
            assertThat(zkDump).contains(h);
            assertThat(ourDump).contains(h);
        }
    }
}
