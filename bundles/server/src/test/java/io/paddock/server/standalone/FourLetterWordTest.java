package io.paddock.server.standalone;

import io.paddock.api.testkit.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.server.config.ServerSettings;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.transport.nio.NioTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four-letter words and the whitelist (protocol.md section 15). */
class FourLetterWordTest {
    @TempDir
    static Path dir;
    static ServerFixture fixture;
    static NioTransport transport = new NioTransport();
    static StandaloneServer defaultWhitelist;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ServerFixture(dir.resolve("all"));
        ServerSettings srvrOnly = ServerFixture.builder(dir.resolve("default"), 0).fourLetterWords(Set.of("srvr"))
                .build();
        defaultWhitelist = StandaloneServer.start(srvrOnly, transport, new FileStorageBackend(), m -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        defaultWhitelist.close();
        transport.close();
        fixture.close();
    }

    static String ask(int port, String word) throws Exception {
        return RawClient.fourLetterWord(port, word);
    }

    @Test
    void ruokAnswersImok() throws Exception {
        assertThat(ask(fixture.port(), "ruok")).isEqualTo("imok");
    }

    @Test
    void srvrReportsModeZxidAndNodeCount() throws Exception {
        fixture.client().create("/four", null, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT);
        String srvr = ask(fixture.port(), "srvr");
        assertThat(srvr).startsWith("Zookeeper version: ").contains("Mode: standalone\n")
                .containsPattern("Latency min/avg/max: \\d+/[0-9.]+/\\d+\n")
                .contains("Zxid: 0x" + Long.toHexString(fixture.server.database().lastProcessedZxid()))
                .contains("Node count: " + fixture.server.database().tree().nodeCount());
        assertThat(ask(fixture.port(), "stat")).contains("Clients:\n /127.0.0.1:").contains("Mode: standalone");
    }

    @Test
    void mntrConfAndIsro() throws Exception {
        assertThat(ask(fixture.port(), "mntr")).contains("zk_server_state\tstandalone\n").contains("zk_znode_count\t");
        assertThat(ask(fixture.port(), "conf")).contains("clientPort=" + fixture.port() + "\n")
                .contains("tickTime=100\n").contains("maxSessionTimeout=20000\n");
        assertThat(ask(fixture.port(), "isro")).isEqualTo("rw");
    }

    @Test
    void wordsOutsideTheWhitelistAreRefusedButSrvrIsAlwaysAllowed() throws Exception {
        int port = defaultWhitelist.clientAddress().getPort();
        assertThat(ask(port, "ruok")).isEqualTo("ruok is not executed because it is not in the whitelist.\n");
        assertThat(ask(port, "mntr")).isEqualTo("mntr is not executed because it is not in the whitelist.\n");
        assertThat(ask(port, "srvr")).contains("Mode: standalone");
    }

    @Test
    void hashPrintsTheDigestLoggedAtEveryZxidThatIsAMultipleOf0x80() throws Exception {
        var client = fixture.client();
        for (int i = 0; fixture.server.database().lastProcessedZxid() < 0x80; i++) {
            client.create("/hash-" + i, new byte[] {(byte) i}, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    org.apache.zookeeper.CreateMode.PERSISTENT);
        }
        var logged = fixture.server.database().tree().digestLog().entries();
        assertThat(logged).isNotEmpty();
        StringBuilder expected = new StringBuilder();
        logged.forEach(d -> expected.append(Long.toHexString(d.zxid())).append(": ").append(d.digest()).append('\n'));

        assertThat(ask(fixture.port(), "hash")).isEqualTo(expected.toString()).startsWith("80: ");
    }

    @Test
    void stmkEchoesTheMaskThatFollowsItAndGtmkThenShowsIt() throws Exception {
        try {
            assertThat(RawClient.setTraceMask(fixture.port(), 0x1234)).isEqualTo("4660");
            assertThat(ask(fixture.port(), "gtmk")).isEqualTo("4660");
            assertThat(RawClient.setTraceMask(fixture.port(), -2)).isEqualTo("-2");
            assertThat(ask(fixture.port(), "gtmk")).isEqualTo("-2");
        } finally {
            RawClient.setTraceMask(fixture.port(), 306);
        }
        assertThat(ask(fixture.port(), "gtmk")).isEqualTo("306");
    }

    @Test
    void stmkWithItsMaskSplitAcrossWritesStillGetsTheWholeMask() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.sendRaw("stmk\0\0\0".getBytes(StandardCharsets.US_ASCII));
            c.sendRaw(new byte[] {0, 0, 0, 1, 50});
            assertThat(c.readAllText()).isEqualTo("306");
        }
        assertThat(ask(fixture.port(), "gtmk")).isEqualTo("306");
    }

    @Test
    void stmkOutsideTheWhitelistIsRefusedWithoutWaitingForItsMask() throws Exception {
        int port = defaultWhitelist.clientAddress().getPort();
        assertThat(ask(port, "stmk")).isEqualTo("stmk is not executed because it is not in the whitelist.\n");
        assertThat(ask(port, "hash")).isEqualTo("hash is not executed because it is not in the whitelist.\n");
    }

    @Test
    void unknownWordIsTakenAsAHugeLengthAndClosed() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.sendRaw("xxxx".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
