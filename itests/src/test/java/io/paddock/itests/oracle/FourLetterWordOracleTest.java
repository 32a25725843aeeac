package io.paddock.itests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.testkit.RawClient;
import io.paddock.server.db.Database;
import io.paddock.server.db.Recovery;
import io.paddock.server.session.SessionTracker;
import io.paddock.storage.file.FileStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
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
 *
 * <p>{@code hash} is the exception: its digests (protocol.md section 16.6) must be exact. Two
 * servers stamp the same txns with their own clocks and session ids, which the digest covers,
 * so each server's {@code hash} is checked against the other implementation replaying that
 * server's own data directory: ZooKeeper's DataTree over Paddock's files, Paddock's over
 * ZooKeeper's.
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

    private static int port(ServerUnderTest server) {
        return Integer.parseInt(server.connectString().substring(server.connectString().indexOf(':') + 1));
    }

    private static String ask(ServerUnderTest server, String word) throws Exception {
        return RawClient.fourLetterWord(port(server), word);
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

    @Test
    void stmkThenGtmkGiveZooKeepersText() throws Exception {
        try {
            for (long mask : new long[] {0, 0x1234, -1, Long.MIN_VALUE}) {
                String zk = RawClient.setTraceMask(port(zookeeper), mask);
                assertThat(RawClient.setTraceMask(port(paddock), mask)).as("stmk %d", mask).isEqualTo(zk);
                assertThat(ask(paddock, "gtmk")).as("gtmk after stmk %d", mask).isEqualTo(ask(zookeeper, "gtmk"));
            }
        } finally {
            // ZooKeeper's mask is a JVM-wide static: leave it as other tests expect it.
            RawClient.setTraceMask(port(zookeeper), 306);
            RawClient.setTraceMask(port(paddock), 306);
        }
        assertThat(ask(paddock, "gtmk")).isEqualTo(ask(zookeeper, "gtmk")).isEqualTo("306");
    }

    @Test
    void hashIsTheDigestLogTheOtherImplementationComputesFromTheSameTxns() throws Exception {
        writeTheSameTxns(zkClient);
        writeTheSameTxns(paddockClient);
        String zk = ask(zookeeper, "hash");
        String ours = ask(paddock, "hash");

        // Same txns, same zxids: both log at 0x80 and 0x100 (and so on) and nowhere else.
        assertThat(zxidsOf(ours)).isEqualTo(zxidsOf(zk)).contains("80", "100");
        // The digests themselves cover each server's own times and session ids: each must be what
        // the other implementation computes when it replays that server's data directory.
        assertThat(ours).isEqualTo(zooKeeperReplaying(dir.resolve("paddock")));
        assertThat(zk).isEqualTo(paddockReplaying(dir.resolve("zookeeper")));
    }

    /**
     * Past zxid 0x100 with every kind of write: creates (persistent, sequential, ephemeral,
     * with data and without), setData, setACL, deletes, and multi.
     */
    private static void writeTheSameTxns(ZooKeeper zk) throws Exception {
        // The stock client checks the list with contains(null), which an immutable List.of refuses.
        List<ACL> readOnly = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.ADMIN,
                new Id("world", "anyone"))));
        zk.create("/h", "hash".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < 55; i++) {
            String p = "/h/n" + i;
            zk.create(p, i % 3 == 0 ? null : new byte[] {(byte) i}, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/h/s-", new byte[i], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
            zk.create(p + "-e", null, Ids.OPEN_ACL_UNSAFE,
                    i % 2 == 0 ? CreateMode.EPHEMERAL : CreateMode.EPHEMERAL_SEQUENTIAL);
            zk.setData(p, ("v" + i).getBytes(), -1);
            switch (i % 3) {
                case 0 -> zk.setACL(p, readOnly, -1);
                case 1 -> zk.delete(p, -1);
                default -> zk.multi(List.of(Op.create(p + "/m", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                        Op.setData(p, null, -1), Op.check("/h", -1)));
            }
        }
        zk.setData("/", "root".getBytes(), -1);
    }

    private static List<String> zxidsOf(String hash) {
        return hash.lines().map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    /** The hash text of ZooKeeper 3.9.3's DataTree after it restores a copy of {@code dataDir}. */
    private static String zooKeeperReplaying(Path dataDir) throws IOException {
        Path copy = copyOf(dataDir);
        FileTxnSnapLog files = new FileTxnSnapLog(copy.toFile(), copy.toFile());
        try {
            DataTree tree = new DataTree();
            files.restore(tree, new ConcurrentHashMap<>(), (header, txn, digest) -> { });
            StringBuilder sb = new StringBuilder();
            tree.getDigestLog().forEach(d -> sb.append(Long.toHexString(d.getZxid())).append(": ")
                    .append(d.getDigest()).append('\n'));
            return sb.toString();
        } finally {
            files.close();
        }
    }

    /** The hash text of Paddock's database after it recovers a copy of {@code dataDir}. */
    private static String paddockReplaying(Path dataDir) throws IOException {
        Path copy = copyOf(dataDir);
        Database db = new Database(new SessionTracker(1, 2000, () -> 0));
        try (Storage storage = new FileStorageBackend().open(new StorageOptions(copy, copy, 1 << 20, 0))) {
            Recovery.recover(db, storage);
        }
        StringBuilder sb = new StringBuilder();
        db.tree().digestLog().entries().forEach(d -> sb.append(Long.toHexString(d.zxid())).append(": ")
                .append(d.digest()).append('\n'));
        return sb.toString();
    }

    /** A copy, so that neither server's own files are opened by the other implementation. */
    private static Path copyOf(Path dataDir) throws IOException {
        Path copy = Files.createTempDirectory(dir, "replay-");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = new ArrayList<>(walk.toList());
        }
        for (Path f : files) {
            Path target = copy.resolve(dataDir.relativize(f).toString());
            if (Files.isDirectory(f)) {
                Files.createDirectories(target);
            } else {
                Files.copy(f, target);
            }
        }
        return copy;
    }
}
