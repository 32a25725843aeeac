package io.paddock.itests.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zkCli ({@code org.apache.zookeeper.ZooKeeperMain} 3.9.3) in a child JVM, one command per run,
 * against the real distribution. Expected output is what zkCli prints against ZooKeeper 3.9.3:
 * results on stdout, except "Created" and error messages on stderr; status 1 on failure.
 */
class ZkCliTest {
    @TempDir
    static Path dir;
    static PaddockProcess server;

    @BeforeAll
    static void start() {
        server = PaddockProcess.started(dir, "ZkCliTest");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Run(int status, List<String> out, List<String> err) {
    }

    private static Run zkCli(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "org.apache.zookeeper.ZooKeeperMain", "-server", server.connectString()));
        cmd.addAll(List.of(command));
        Path out = Files.createTempFile(dir, "zkcli", ".out");
        Path err = Files.createTempFile(dir, "zkcli", ".err");
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("zkCli " + String.join(" ", command) + " did not finish within 60 s; stdout:\n"
                    + Files.readString(out, UTF_8) + "\nstderr:\n" + Files.readString(err, UTF_8));
        }
        return new Run(p.exitValue(), resultLines(Files.readAllLines(out, UTF_8)), Files.readAllLines(err, UTF_8));
    }

    /**
     * The command's own output: zkCli first prints "Connecting to ..." and its watcher's
     * SyncConnected event, which say nothing about the server.
     */
    private static List<String> resultLines(List<String> stdout) {
        return stdout.stream()
                .filter(l -> !l.isEmpty() && !l.startsWith("Connecting to ") && !l.equals("WATCHER::")
                        && !l.startsWith("WatchedEvent state:SyncConnected type:None"))
                .toList();
    }

    private static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }

    @Test
    void createGetSetStatAndDeleteLookAsAgainstZooKeeper() throws Exception {
        Run create = zkCli("create", "/x", "data");
        assertThat(create.status()).as("create: %s", create).isZero();
        assertThat(create.err()).contains("Created /x");
        assertThat(create.out()).isEmpty();

        Run get = zkCli("get", "/x");
        assertThat(get.status()).as("get: %s", get).isZero();
        assertThat(get.out()).containsExactly("data");

        Run set = zkCli("set", "/x", "v2");
        assertThat(set.status()).as("set: %s", set).isZero();
        assertThat(set.out()).isEmpty();

        Run stat = zkCli("stat", "/x");
        assertThat(stat.status()).as("stat: %s", stat).isZero();
        Stat expected;
        try (ZooKeeper zk = server.connect()) {
            expected = zk.exists("/x", false);
        }
        assertThat(stat.out()).hasSize(11);
        assertThat(stat.out().get(0)).isEqualTo("cZxid = " + hex(expected.getCzxid()));
        assertThat(stat.out().get(1)).startsWith("ctime = ");
        assertThat(stat.out().get(2)).isEqualTo("mZxid = " + hex(expected.getMzxid()));
        assertThat(stat.out().get(3)).startsWith("mtime = ");
        assertThat(stat.out().subList(4, 11)).containsExactly(
                "pZxid = " + hex(expected.getCzxid()),
                "cversion = 0",
                "dataVersion = 1",
                "aclVersion = 0",
                "ephemeralOwner = 0x0",
                "dataLength = 2",
                "numChildren = 0");
        assertThat(expected.getMzxid()).isGreaterThan(expected.getCzxid());

        Run delete = zkCli("delete", "/x");
        assertThat(delete.status()).as("delete: %s", delete).isZero();
        assertThat(delete.out()).isEmpty();

        Run missing = zkCli("get", "/x");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("Node does not exist: /x");
    }

    @Test
    void lsListsChildrenAndDeleteallRemovesATree() throws Exception {
        try (ZooKeeper zk = server.connect()) {
            zk.create("/tree", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/tree/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/tree/a/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/tree/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

            Run ls = zkCli("ls", "/tree");
            assertThat(ls.status()).as("ls: %s", ls).isZero();
            assertThat(ls.out()).containsExactly("[a, c]");

            Run deleteall = zkCli("deleteall", "/tree");
            assertThat(deleteall.status()).as("deleteall: %s", deleteall).isZero();
            assertThat(deleteall.out()).isEmpty();
            assertThat(zk.exists("/tree", false)).isNull();

            Run root = zkCli("ls", "/");
            assertThat(root.out()).containsExactly("[zookeeper]");
        }
    }
}
