package io.paddock.server.standalone;

import io.paddock.api.testkit.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.DeleteRequest;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.RequestHeader;
import io.paddock.api.proto.SetDataRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input a stock client never sends: each gets ZooKeeper's reply or close (protocol.md sections
 * 2, 5, 7 and 11), and the stored data stays as it was.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static ServerFixture fixture;
    long zxidBefore;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ServerFixture(dir);
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            c.send(1, OpCode.CREATE, new CreateRequest("/kept", "v".getBytes(StandardCharsets.UTF_8),
                    Perms.OPEN_ACL_UNSAFE, 0));
            assertThat(c.readReply().header().err()).isZero();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @BeforeEach
    void noteZxid() {
        zxidBefore = fixture.server.database().lastProcessedZxid();
    }

    private void assertStoredDataUnchanged() {
        var node = fixture.server.database().tree().node("/kept");
        assertThat(node).isNotNull();
        assertThat(node.data()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        assertThat(node.version()).isZero();
    }

    @Test
    void frameOverJuteMaxbufferClosesTheConnection() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            JuteOutput o = new JuteOutput();
            new RequestHeader(1, OpCode.SET_DATA).write(o);
            new SetDataRequest("/kept", new byte[0xfffff], -1).write(o);
            try {
                c.sendFrame(o.toByteArray());
            } catch (java.net.SocketException e) {
                // the server may close before the whole frame is written: that is the point
            }
            assertThat(c.closedByServer()).isTrue();
        }
        assertStoredDataUnchanged();
    }

    @Test
    void negativeLengthClosesTheConnection() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            c.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 1, 2, 3});
            assertThat(c.closedByServer()).isTrue();
        }
        assertStoredDataUnchanged();
    }

    @Test
    void truncatedBodyGetsMarshallingError() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            long afterHandshake = fixture.server.database().lastProcessedZxid();
            byte[] full = serialize(7, OpCode.SET_DATA, new SetDataRequest("/kept", new byte[] {9, 9}, -1));
            c.sendFrame(Arrays.copyOf(full, full.length - 5));
            RawClient.Reply reply = c.readReply();
            assertThat(reply.header().xid()).isEqualTo(7);
            assertThat(reply.header().err()).isEqualTo(Code.MARSHALLINGERROR);
            // the connection stays usable
            c.send(8, OpCode.EXISTS, new PathWatchRequest("/kept", false));
            assertThat(c.readReply().header().err()).isZero();
            assertThat(fixture.server.database().lastProcessedZxid()).isEqualTo(afterHandshake);
        }
        assertStoredDataUnchanged();
    }

    @Test
    void unknownOpcodeGetsUnimplementedAndClose() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            c.send(3, 99, null);
            RawClient.Reply reply = c.readReply();
            assertThat(reply.header().xid()).isEqualTo(3);
            assertThat(reply.header().zxid()).isEqualTo(-1);
            assertThat(reply.header().err()).isEqualTo(Code.UNIMPLEMENTED);
            assertThat(c.closedByServer()).isTrue();
        }
        assertStoredDataUnchanged();
    }

    @Test
    void aPingRightBehindAnUnknownOpcodeIsNotAnswered() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            JuteOutput both = new JuteOutput();
            for (int[] request : new int[][] {{3, 99}, {-2, OpCode.PING}}) {
                JuteOutput frame = new JuteOutput();
                new io.paddock.api.proto.RequestHeader(request[0], request[1]).write(frame);
                byte[] bytes = frame.toByteArray();
                both.writeInt(bytes.length).writeRaw(bytes, 0, bytes.length);
            }
            c.sendRaw(both.toByteArray());
            assertThat(c.readReply().header().err()).isEqualTo(Code.UNIMPLEMENTED);
            assertThat(c.closedByServer()).as("closed without answering the ping").isTrue();
        }
    }

    @Test
    void standaloneCheckGetsUnimplementedAndClose() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            c.send(3, OpCode.CHECK, new DeleteRequest("/kept", 0));
            assertThat(c.readReply().header().err()).isEqualTo(Code.UNIMPLEMENTED);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void malformedPathsGetBadArgumentsAndUseAZxid() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            long afterHandshake = fixture.server.database().lastProcessedZxid();
            int xid = 1;
            for (String path : new String[] {"rel", "/kept/.", "/kept/..", "/a//b", "/kept/\u0001x"}) {
                c.send(xid, OpCode.CREATE, new CreateRequest(path, null, Perms.OPEN_ACL_UNSAFE, 0));
                RawClient.Reply reply = c.readReply();
                assertThat(reply.header().err()).as(path).isEqualTo(path.equals("/a//b") ? Code.NONODE
                        : Code.BADARGUMENTS);
                assertThat(reply.header().zxid()).as(path).isEqualTo(afterHandshake + xid);
                xid++;
            }
            c.send(xid, OpCode.CREATE, new CreateRequest("/bad/", null, Perms.OPEN_ACL_UNSAFE, 0));
            assertThat(c.readReply().header().err()).isEqualTo(Code.NONODE);
            c.send(++xid, OpCode.CREATE, new CreateRequest("/x", null, Perms.OPEN_ACL_UNSAFE, 9));
            assertThat(c.readReply().header().err()).isEqualTo(Code.BADARGUMENTS);
            c.send(++xid, OpCode.CREATE, new CreateRequest("/x", null, java.util.List.of(), 0));
            assertThat(c.readReply().header().err()).isEqualTo(Code.INVALIDACL);
        }
        assertThat(fixture.server.database().tree().node("/x")).isNull();
        assertStoredDataUnchanged();
    }

    @Test
    void createTtlWithAModeThatHasNoTtlGetsBadArgumentsWhateverItsTtl() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            int xid = 1;
            for (long ttl : new long[] {-1, 0, 1000}) {
                for (int flags : new int[] {0, 1, 2, 3, 4}) {
                    c.send(xid, OpCode.CREATE_TTL, new io.paddock.api.proto.CreateTtlRequest("/ttl", null,
                            Perms.OPEN_ACL_UNSAFE, flags, ttl));
                    assertThat(c.readReply().header().err()).as("flags %d ttl %d", flags, ttl)
                            .isEqualTo(Code.BADARGUMENTS);
                    xid++;
                }
            }
            c.send(xid, OpCode.EXISTS, new io.paddock.api.proto.PathWatchRequest("/kept", false));
            assertThat(c.readReply().header().err()).isZero();
        }
        assertThat(fixture.server.database().tree().node("/ttl")).isNull();
        assertStoredDataUnchanged();
    }

    @Test
    void clientAheadOfTheServerIsRefusedWithoutReply() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.sendFrame(JuteOutput.serialize(new io.paddock.api.proto.ConnectRequest(0, zxidBefore + 100, 30000, 0,
                    new byte[16], false, true)));
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void garbageConnectRequestClosesTheConnection() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            c.sendFrame(new byte[] {0, 0, 0});
            assertThat(c.closedByServer()).isTrue();
        }
        assertStoredDataUnchanged();
    }

    @Test
    void requestsPipelinedBehindTheConnectRequestWaitForTheHandshake() throws Exception {
        try (RawClient c = new RawClient(fixture.port())) {
            JuteOutput o = new JuteOutput();
            byte[] connect = JuteOutput.serialize(new io.paddock.api.proto.ConnectRequest(0, 0, 30000, 0,
                    new byte[16], false, true));
            o.writeInt(connect.length).writeRaw(connect, 0, connect.length);
            byte[] get = serialize(1, OpCode.GET_DATA, new PathWatchRequest("/kept", false));
            o.writeInt(get.length).writeRaw(get, 0, get.length);
            c.sendRaw(o.toByteArray());
            assertThat(io.paddock.api.proto.ConnectResponse.read(io.paddock.api.proto.JuteInput.of(c.readFrame()))
                    .timeOut()).isPositive();
            RawClient.Reply reply = c.readReply();
            assertThat(reply.header().xid()).isEqualTo(1);
            assertThat(reply.header().err()).isZero();
        }
    }

    private static byte[] serialize(int xid, int type, io.paddock.api.proto.JuteRecord body) {
        JuteOutput o = new JuteOutput();
        new RequestHeader(xid, type).write(o);
        body.write(o);
        return o.toByteArray();
    }
}
