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
    void unknownWordIsTakenAsAHugeLengthAndClosed() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.sendRaw("xxxx".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
