package io.paddock.itests.process;

import io.paddock.api.testkit.RawClient;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.RequestHeader;
import io.paddock.api.proto.SetDataRequest;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames the stock client never sends, through the real process: each gets ZooKeeper's reply or
 * close (protocol.md 2, 4 and 11) and leaves the stored data as it was. The server module's
 * unit tests cover more cases; these prove the assembled distribution behaves the same.
 */
class BadFrameTest {
    private static final int JUTE_MAXBUFFER = 0xfffff;

    @TempDir
    static Path dir;
    static PaddockProcess server;
    static ZooKeeper zk;
    static Stat kept;

    @BeforeAll
    static void start() throws Exception {
        server = PaddockProcess.started(dir, "BadFrameTest");
        zk = server.connect();
        kept = new Stat();
        zk.create("/kept", "v".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, kept);
    }

    @AfterAll
    static void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void storedDataIsUnchanged() throws Exception {
        Stat stat = new Stat();
        assertThat(zk.getData("/kept", false, stat)).isEqualTo("v".getBytes(UTF_8));
        assertThat(stat).isEqualTo(kept);
        assertThat(zk.getChildren("/", false)).containsExactlyInAnyOrder("kept", "zookeeper");
    }

    @Test
    void aFrameOverJuteMaxbufferClosesTheConnection() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(30_000);
            JuteOutput o = new JuteOutput();
            new RequestHeader(1, OpCode.SET_DATA).write(o);
            new SetDataRequest("/kept", new byte[JUTE_MAXBUFFER], -1).write(o);
            assertThat(o.size()).isGreaterThan(JUTE_MAXBUFFER);
            try {
                raw.sendFrame(o.toByteArray());
            } catch (SocketException e) {
                // the server may close before the whole frame is written: that is the point
            }
            assertThat(raw.closedByServer()).isTrue();
            assertLogged(raw, "frame length " + o.size() + " is outside [0, " + JUTE_MAXBUFFER + "]");
        }
    }

    @Test
    void aFrameOfExactlyJuteMaxbufferIsAccepted() throws Exception {
        zk.create("/big", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(30_000);
            JuteOutput probe = new JuteOutput();
            new RequestHeader(1, OpCode.SET_DATA).write(probe);
            new SetDataRequest("/big", new byte[0], -1).write(probe);
            byte[] data = new byte[JUTE_MAXBUFFER - probe.size()];
            JuteOutput o = new JuteOutput();
            new RequestHeader(1, OpCode.SET_DATA).write(o);
            new SetDataRequest("/big", data, -1).write(o);
            assertThat(o.size()).isEqualTo(JUTE_MAXBUFFER);

            raw.sendFrame(o.toByteArray());

            var reply = raw.readReply().header();
            assertThat(reply.xid()).isEqualTo(1);
            assertThat(reply.err()).isZero();
            assertThat(zk.exists("/big", false).getDataLength()).isEqualTo(data.length);
        } finally {
            zk.delete("/big", -1);
        }
    }

    @Test
    void aNegativeFrameLengthClosesTheConnection() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(30_000);
            raw.sendRaw(ByteBuffer.allocate(8).putInt(-5).putInt(0).array());
            assertThat(raw.closedByServer()).isTrue();
            assertLogged(raw, "frame length -5 is outside");
        }
    }

    @Test
    void anUnknownOpcodeGetsUnimplementedWithZxidMinusOneThenClose() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(30_000);
            raw.send(7, 999, new PathWatchRequest("/kept", false));

            var header = raw.readReply().header();

            assertThat(header.xid()).isEqualTo(7);
            assertThat(header.zxid()).isEqualTo(-1);
            assertThat(header.err()).isEqualTo(Code.UNIMPLEMENTED).isEqualTo(-6);
            assertThat(raw.closedByServer()).isTrue();
            assertLogged(raw, "after unimplemented opcode 999");
        }
    }

    @Test
    void aRelativePathGetsBadArgumentsAndTheSessionCarriesOn() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            long session = raw.connect(30_000).sessionId();
            raw.send(1, OpCode.CREATE, new CreateRequest("rel", "x".getBytes(UTF_8), Perms.OPEN_ACL_UNSAFE, 0));

            var bad = raw.readReply().header();

            assertThat(bad.xid()).isEqualTo(1);
            assertThat(bad.err()).isEqualTo(Code.BADARGUMENTS).isEqualTo(-8);
            assertLoggedLine("create of session 0x" + Long.toHexString(session) + " refused with BADARGUMENTS");
            raw.send(2, OpCode.EXISTS, new PathWatchRequest("/kept", false));
            var good = raw.readReply().header();
            assertThat(good.xid()).isEqualTo(2);
            assertThat(good.err()).isZero();
        }
    }

    @Test
    void aTruncatedBodyGetsMarshallingErrorAndTheSessionCarriesOn() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(30_000);
            JuteOutput o = new JuteOutput();
            new RequestHeader(3, OpCode.SET_DATA).write(o);
            new SetDataRequest("/kept", new byte[] {1, 2, 3}, -1).write(o);
            byte[] truncated = java.util.Arrays.copyOf(o.toByteArray(), 14);
            raw.sendFrame(truncated);

            var header = raw.readReply().header();

            assertThat(header.xid()).isEqualTo(3);
            assertThat(header.err()).isEqualTo(Code.MARSHALLINGERROR);
            assertLogged(raw, "undecodable body");
        }
    }

    @Test
    void aCheckOutsideAMultiGetsUnimplementedThenClose() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(30_000);
            raw.send(4, OpCode.CHECK, new io.paddock.api.proto.CheckVersionRequest("/kept", 0));

            assertThat(raw.readReply().header().err()).isEqualTo(Code.UNIMPLEMENTED);
            assertThat(raw.closedByServer()).isTrue();
            assertLogged(raw, "after unimplemented opcode 13");
        }
    }

    @Test
    void aClientAheadOfTheServerIsClosedWithoutAReply() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.sendFrame(JuteOutput.serialize(new io.paddock.api.proto.ConnectRequest(0, 1L << 40, 30_000, 0,
                    new byte[16], false, true)));

            assertThat(raw.closedByServer()).isTrue();
            assertLogged(raw, "it has seen zxid 0x10000000000");
        }
    }

    /** Bad input leaves a line naming the client's address in the server's log. */
    private static void assertLogged(RawClient raw, String reason) {
        String from = "127.0.0.1:" + raw.localPort();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.logLines(from))
                .as("log lines about %s", from).anyMatch(l -> l.contains(reason)));
    }

    private static void assertLoggedLine(String fragment) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.logged(fragment))
                .as("a log line with \"%s\"", fragment).isTrue());
    }
}
