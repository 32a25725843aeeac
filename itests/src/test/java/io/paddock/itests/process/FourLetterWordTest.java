package io.paddock.itests.process;

import io.paddock.api.testkit.Loopback;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four-letter words on the real distribution's client port (protocol.md 15). */
class FourLetterWordTest {
    @TempDir
    static Path dir;
    static PaddockProcess server;

    @BeforeAll
    static void start() {
        server = PaddockProcess.started(dir, "FourLetterWordTest");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ruokAnswersImokWithoutANewline() throws Exception {
        assertThat(server.fourLetterWord("ruok")).isEqualTo("imok");
    }

    @Test
    void srvrReportsStandaloneModeAndTheLastZxid() throws Exception {
        long zxid;
        try (ZooKeeper zk = server.connect()) {
            Stat stat = new Stat();
            zk.create("/srvr", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
            zxid = stat.getCzxid();
        }

        String srvr = server.fourLetterWord("srvr");

        assertThat(srvr).startsWith("Zookeeper version: ")
                .contains("\nMode: standalone\n")
                .contains("\nNode count: ")
                .contains("\nLatency min/avg/max: ");
        // closing the client above used one more zxid (closeSession)
        assertThat(srvr).contains("\nZxid: 0x" + Long.toHexString(zxid + 1) + "\n");
    }

    @Test
    void confReportsTheConfiguredPortAndTick() throws Exception {
        assertThat(server.fourLetterWord("conf"))
                .contains("clientPort=" + server.port() + "\n")
                .contains("tickTime=200\n")
                .contains("minSessionTimeout=" + PaddockProcess.MIN_SESSION_TIMEOUT + "\n");
    }

    @Test
    void mntrReportsTheServerStateAsTabSeparatedKeys() throws Exception {
        assertThat(server.fourLetterWord("mntr")).contains("zk_server_state\tstandalone\n").contains("zk_znode_count\t");
    }

    @Test
    void anUnknownWordIsReadAsAnOversizedFrameAndClosedWithoutReply() throws Exception {
        assertThat(server.fourLetterWord("xxxx")).isEmpty();
        assertThat(server.fourLetterWord("ruok")).isEqualTo("imok");
    }

    @Test
    void withTheDefaultWhitelistOnlySrvrRuns() throws Exception {
        try (PaddockProcess strict = new PaddockProcess(dir.resolve("strict"), "FourLetterWordTest-strict",
                Loopback.freePort(), cfg -> cfg.remove("4lw.commands.whitelist"))) {
            strict.start();

            assertThat(strict.fourLetterWord("ruok")).isEqualTo("ruok is not executed because it is not in the whitelist.\n");
            assertThat(strict.fourLetterWord("conf")).isEqualTo("conf is not executed because it is not in the whitelist.\n");
            assertThat(strict.fourLetterWord("srvr")).contains("Mode: standalone\n");
        }
    }
}
