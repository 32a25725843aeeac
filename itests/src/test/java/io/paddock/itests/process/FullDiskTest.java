package io.paddock.itests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.api.testkit.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process whose disk "fills up": its file size limit is lowered under it with
 * prlimit(1), so the txn log's writes fail as they would with ENOSPC (here EFBIG, with part of a
 * new file's header written). Writes must fail with an error and never be acknowledged, reads go on, the
 * client stays connected, and once the limit is lifted writes work again; after a SIGKILL every
 * acknowledged write is there and no refused one is.
 */
class FullDiskTest {
    private static final byte[] DATA = new byte[10_000];

    @TempDir
    Path dir;

    private static void prlimit(long pid, String fsize) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--fsize=" + fsize)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    private static byte[] version(int v) {
        byte[] data = Arrays.copyOf(DATA, DATA.length);
        data[0] = (byte) v;
        data[1] = (byte) (v >> 8);
        return data;
    }

    @ParameterizedTest(name = "storage={0}")
    @ValueSource(strings = {"file", "rocksdb"})
    void writesFailWhileTheDiskIsFullAndWorkAgainOnceItIsNot(String storage) throws Exception {
        try (PaddockProcess server = new PaddockProcess(dir, "FullDiskTest-" + storage, Loopback.freePort(),
                cfg -> {
                    cfg.put("preAllocSize", "0");
                    cfg.put("storage", storage);
                })) {
            server.start();
            try (ZooKeeper zk = server.connect()) {
                zk.create("/a", version(0), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                long session = zk.getSessionId();
                // No write may reach past the first byte of any file: the disk is full, for the log
                // being written and for any new one.
                prlimit(server.pid(), "1:"); // the soft limit only, so that it can be raised again unprivileged
                for (int v = 1; v <= 20; v++) {
                    int attempt = v;
                    assertThatThrownBy(() -> zk.setData("/a", version(attempt), -1))
                            .isInstanceOf(KeeperException.NotReadOnlyException.class);
                }
                assertThat(zk.getData("/a", false, null)).isEqualTo(version(0));
                // The log file is a file too: what the server says now is lost, as on a full disk.

                prlimit(server.pid(), "unlimited:");
                zk.setData("/a", version(100), -1);
                zk.create("/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                assertThat(zk.getSessionId()).isEqualTo(session);
                assertThat(zk.getState().isConnected()).isTrue();
            }
            assertThat(server.logged("takes writes again")).isTrue();

            assertThat(server.kill()).isEqualTo(137);
            server.start();
            try (ZooKeeper zk = server.connect()) {
                assertThat(zk.getData("/a", false, null)).isEqualTo(version(100));
                assertThat(zk.exists("/a", false).getVersion()).as("only the acknowledged setData counts").isEqualTo(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> zk.exists("/b", false) != null);
            }
        }
    }
}
