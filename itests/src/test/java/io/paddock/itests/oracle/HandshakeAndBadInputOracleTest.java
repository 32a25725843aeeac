package io.paddock.itests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.CheckVersionRequest;
import io.paddock.api.proto.ConnectRequest;
import io.paddock.api.proto.ConnectResponse;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.CreateTtlRequest;
import io.paddock.api.proto.DeleteRequest;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.MultiRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathRequest;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.ReplyHeader;
import io.paddock.api.proto.RequestHeader;
import io.paddock.api.proto.SetDataRequest;
import io.paddock.api.proto.SetWatches;
import io.paddock.api.proto.WatcherEvent;
import io.paddock.api.testkit.RawClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stock clients never send, or send only on a reconnect, over raw sockets to ZooKeeper 3.9.3
 * and to Paddock, both fresh and given the same frames in the same order: handshakes (timeouts
 * clamped, a client ahead of the server, unknown sessions, wrong passwords, malformed and
 * oversized first frames, requests pipelined behind the ConnectRequest); after it, odd requests
 * (reconfig, a standalone check, unknown opcodes, truncated bodies), illegal paths and oversized
 * data; and the catch-up events of SetWatches and SetWatches2. Each outcome is
 * rendered with what is the server's own (session ids and passwords) masked, and must be equal.
 */
class HandshakeAndBadInputOracleTest {
    private static final int MAX_BUFFER = 0xfffff;

    @TempDir
    static Path dir;
    static ZooKeeperOracle zookeeper;
    static PaddockUnderTest paddock;

    @BeforeAll
    static void start() throws Exception {
        zookeeper = ZooKeeperOracle.start(dir.resolve("zookeeper"), 2000);
        paddock = PaddockUnderTest.start(dir.resolve("paddock"), 2000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (paddock != null) {
            paddock.close();
        }
    }

    /** One exchange on one server's client port; it returns what it saw, as text. */
    @FunctionalInterface
    private interface Exchange {
        String run(int port) throws IOException;
    }

    /** Runs each exchange on ZooKeeper, then on Paddock, and collects those whose texts differ. */
    private static List<String> differences(Map<String, Exchange> exchanges) throws IOException {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Exchange> e : exchanges.entrySet()) {
            long start = System.nanoTime();
            String expected = e.getValue().run(port(zookeeper));
            long between = System.nanoTime();
            String actual = e.getValue().run(port(paddock));
            if (Boolean.getBoolean("oracle.trace")) {
                System.out.printf("%s%n    ZooKeeper (%d ms): %s%n    Paddock (%d ms):   %s%n", e.getKey(),
                        (between - start) / 1_000_000, expected, (System.nanoTime() - between) / 1_000_000, actual);
            }
            if (!expected.equals(actual)) {
                differences.add(e.getKey() + "\n    ZooKeeper: " + expected + "\n    Paddock:   " + actual);
            }
        }
        return differences;
    }

    private static int port(ServerUnderTest server) {
        return Integer.parseInt(server.connectString().substring(server.connectString().indexOf(':') + 1));
    }

    @Test
    void handshakesGetZooKeepersAnswers() throws Exception {
        Map<String, Exchange> cases = new LinkedHashMap<>();
        cases.put("a new session asking for 1 ms gets two ticks", port -> handshake(port,
                new ConnectRequest(0, 0, 1, 0, new byte[16], false, true)));
        cases.put("a new session asking for ten minutes gets twenty ticks", port -> handshake(port,
                new ConnectRequest(0, 0, 600_000, 0, new byte[16], false, true)));
        cases.put("a 3.4-style ConnectRequest without the readOnly byte", port -> handshake(port,
                new ConnectRequest(0, 0, 30_000, 0, new byte[16], false, false)));
        cases.put("a client that has seen a later zxid than the server's", port -> handshake(port,
                new ConnectRequest(0, 1L << 40, 30_000, 0, new byte[16], false, true)));
        cases.put("resuming a session the server never had", port -> handshake(port,
                new ConnectRequest(0, 0, 30_000, 0x1234_5678L, new byte[16], false, true)));
        cases.put("resuming a live session with the wrong password", port -> {
            try (RawClient first = new RawClient(port); RawClient last = new RawClient(port)) {
                ConnectResponse live = first.connect();
                String outcome = handshake(port, new ConnectRequest(0, 0, 30_000, live.sessionId(), new byte[16],
                        false, true)) + "; first connection " + state(first);
                last.connect(live.sessionId(), live.passwd(), 0, 30_000);
                return outcome + "; resumed with its password " + state(last);
            }
        });
        cases.put("resuming a live session with its password moves it", port -> {
            try (RawClient first = new RawClient(port)) {
                ConnectResponse live = first.connect();
                try (RawClient second = new RawClient(port)) {
                    ConnectResponse moved = second.connect(live.sessionId(), live.passwd(), 0, 30_000);
                    return render(moved) + " same session " + (moved.sessionId() == live.sessionId())
                            + "; first connection " + state(first) + "; second " + state(second);
                }
            }
        });
        cases.put("a truncated ConnectRequest", port -> firstFrame(port, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        cases.put("a request as the first frame", port -> firstFrame(port,
                frame(1, OpCode.GET_DATA, new PathWatchRequest("/", false))));
        cases.put("a negative length as the first frame", port -> firstBytes(port,
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 0, 0, 0, 0}));
        cases.put("a first frame over jute.maxbuffer", port -> firstBytes(port, ByteBuffer.allocate(8)
                .putInt(MAX_BUFFER + 1).putInt(0).array()));
        cases.put("a request pipelined behind the ConnectRequest", port -> {
            try (RawClient c = new RawClient(port)) {
                JuteOutput both = new JuteOutput();
                byte[] connect = JuteOutput.serialize(new ConnectRequest(0, 0, 30_000, 0, new byte[16], false, true));
                byte[] request = frame(7, OpCode.EXISTS, new PathWatchRequest("/zookeeper", false));
                both.writeInt(connect.length).writeRaw(connect, 0, connect.length);
                both.writeInt(request.length).writeRaw(request, 0, request.length);
                c.sendRaw(both.toByteArray());
                String handshake = render(ConnectResponse.read(JuteInput.of(c.readFrame())));
                return handshake + "; then " + render(c.readReply().header()) + "; " + state(c);
            }
        });
        assertThat(differences(cases)).isEmpty();
    }

    @Test
    void oddRequestsGetZooKeepersAnswers() throws Exception {
        Map<String, Exchange> cases = new LinkedHashMap<>();
        JuteOutput reconfig = new JuteOutput();
        reconfig.writeString(null).writeString(null).writeString("server.1=127.0.0.1:2888:3888").writeLong(-1);
        byte[] reconfigBody = reconfig.toByteArray();
        cases.put("reconfig on a standalone server", port -> request(port,
                frame(5, OpCode.RECONFIG, out -> out.writeRaw(reconfigBody, 0, reconfigBody.length))));
        cases.put("check outside a multi", port -> request(port,
                frame(5, OpCode.CHECK, new CheckVersionRequest("/", 0))));
        cases.put("unknown opcode", port -> request(port, frame(5, 99, out -> { })));
        cases.put("notification as a request", port -> request(port, frame(5, OpCode.NOTIFICATION, out -> { })));
        cases.put("createTTL with extended types off", port -> request(port, frame(5, OpCode.CREATE_TTL,
                new CreateTtlRequest("/ttl", null, Perms.OPEN_ACL_UNSAFE, 5, 1000))));
        cases.put("multi mixing a read into writes", port -> request(port, frame(5, OpCode.MULTI,
                new MultiRequest(List.of(new MultiRequest.Op(OpCode.CHECK, new CheckVersionRequest("/", -1)),
                        new MultiRequest.Op(OpCode.GET_DATA, new PathWatchRequest("/", false)))))));
        cases.put("a truncated setData body", port -> request(port, Arrays.copyOf(frame(5, OpCode.SET_DATA,
                new SetDataRequest("/", new byte[] {1, 2, 3}, -1)), 14)));
        cases.put("getAllChildrenNumber of a missing node", port -> request(port,
                frame(5, OpCode.GET_ALL_CHILDREN_NUMBER, new PathRequest("/none"))));
        assertThat(differences(cases)).isEmpty();
    }

    @Test
    void illegalPathsAndOversizedDataGetZooKeepersAnswers() throws Exception {
        Map<String, Exchange> cases = new LinkedHashMap<>();
        for (String path : new String[] {"", "a", "/a/", "//a", "/a//b", "/a/./b", "/a/../b", "/.", "/..", "/a\u0000b",
            "/a\u0001b", "/a\ud800b", "/a\ufff0b", "/zookeeper", "/zookeeper/config", "/zookeeper/quota/q"}) {
            cases.put("create " + printable(path), port -> request(port,
                    frame(5, OpCode.CREATE, new CreateRequest(path, null, Perms.OPEN_ACL_UNSAFE, 0))));
        }
        for (String path : new String[] {"/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota", "a", "/a/"}) {
            cases.put("delete " + printable(path), port -> request(port,
                    frame(5, OpCode.DELETE, new DeleteRequest(path, -1))));
            cases.put("setData " + printable(path), port -> request(port,
                    frame(5, OpCode.SET_DATA, new SetDataRequest(path, new byte[] {1}, -1))));
        }
        cases.put("create with a create mode that does not exist", port -> request(port,
                frame(5, OpCode.CREATE, new CreateRequest("/mode", null, Perms.OPEN_ACL_UNSAFE, 42))));
        cases.put("create with an empty ACL", port -> request(port,
                frame(5, OpCode.CREATE, new CreateRequest("/acl", null, List.of(), 0))));
        cases.put("create with data just under jute.maxbuffer", port -> request(port,
                frame(5, OpCode.CREATE, new CreateRequest("/big", new byte[MAX_BUFFER - 1024], Perms.OPEN_ACL_UNSAFE,
                        0))));
        cases.put("setData whose frame passes jute.maxbuffer", port -> request(port,
                frame(5, OpCode.SET_DATA, new SetDataRequest("/big", new byte[MAX_BUFFER], -1))));
        cases.put("the node after the refused setData", port -> request(port,
                frame(5, OpCode.EXISTS, new PathWatchRequest("/big", false))));
        assertThat(differences(cases)).isEmpty();
    }

    @Test
    void setWatchesOnReconnectFiresWhatChangedWhileAway() throws Exception {
        Map<String, Exchange> cases = new LinkedHashMap<>();
        // Every case makes its own subtree, notes the zxid a reconnecting client would have
        // seen, changes the subtree, then sends the watches such a client would re-register.
        cases.put("setWatches", port -> catchUp(port, "/sw1", false));
        cases.put("setWatches2 with persistent and recursive watches", port -> catchUp(port, "/sw2", true));
        assertThat(differences(cases)).isEmpty();
    }

    private static String catchUp(int port, String root, boolean v2) throws IOException {
        try (RawClient writer = new RawClient(port); RawClient watcher = new RawClient(port)) {
            writer.connect();
            for (String path : List.of(root, root + "/changed", root + "/gone", root + "/kept", root + "/kept/deep")) {
                writer.send(1, OpCode.CREATE, new CreateRequest(path, new byte[] {1}, Perms.OPEN_ACL_UNSAFE, 0));
            }
            long seen = 0;
            for (int i = 0; i < 5; i++) {
                seen = writer.readReply().header().zxid();
            }
            writer.send(2, OpCode.SET_DATA, new SetDataRequest(root + "/changed", new byte[] {2}, -1));
            writer.send(3, OpCode.DELETE, new DeleteRequest(root + "/gone", -1));
            writer.send(4, OpCode.CREATE, new CreateRequest(root + "/born", null, Perms.OPEN_ACL_UNSAFE, 0));
            writer.send(5, OpCode.SET_DATA, new SetDataRequest(root + "/kept/deep", new byte[] {3}, -1));
            for (int i = 0; i < 4; i++) {
                writer.readReply();
            }
            watcher.connect(0, new byte[16], seen, 30_000);
            List<String> data = List.of(root + "/changed", root + "/gone", root + "/kept", root + "/missing");
            List<String> exist = List.of(root + "/born", root + "/absent", root + "/kept");
            List<String> child = List.of(root, root + "/kept");
            List<String> persistent = v2 ? List.of(root + "/changed") : List.of();
            List<String> recursive = v2 ? List.of(root + "/kept") : List.of();
            watcher.send(-8, v2 ? OpCode.SET_WATCHES2 : OpCode.SET_WATCHES,
                    new SetWatches(seen, data, exist, child, persistent, recursive, v2));
            List<String> seenFrames = new ArrayList<>();
            while (true) {
                RawClient.Reply reply = watcher.readReply();
                if (reply.header().xid() != -1) {
                    seenFrames.add("reply " + render(reply.header()));
                    break;
                }
                WatcherEvent event = WatcherEvent.read(reply.body());
                seenFrames.add("event type=" + event.type() + " state=" + event.state() + " " + event.path());
            }
            // After the catch-up the watches stand: one more change fires what is left.
            writer.send(6, OpCode.SET_DATA, new SetDataRequest(root + "/kept/deep", new byte[] {4}, -1));
            writer.readReply();
            watcher.send(7, OpCode.EXISTS, new PathWatchRequest("/", false));
            while (true) {
                RawClient.Reply reply = watcher.readReply();
                if (reply.header().xid() != -1) {
                    break;
                }
                WatcherEvent event = WatcherEvent.read(reply.body());
                seenFrames.add("later event type=" + event.type() + " " + event.path());
            }
            state(writer);
            state(watcher);
            return String.join("; ", seenFrames);
        }
    }

    private static String handshake(int port, ConnectRequest request) throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.sendFrame(JuteOutput.serialize(request));
            return answer(c);
        }
    }

    private static String firstFrame(int port, byte[] payload) throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.sendFrame(payload);
            return answer(c);
        }
    }

    private static String firstBytes(int port, byte[] bytes) throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.sendRaw(bytes);
            return answer(c);
        }
    }

    /** The ConnectResponse, if one came, then whether the connection still serves requests. */
    private static String answer(RawClient c) throws IOException {
        String response;
        try {
            response = render(ConnectResponse.read(JuteInput.of(c.readFrame())));
        } catch (IOException e) {
            return "closed without a reply";
        }
        return response + "; " + state(c);
    }

    /**
     * After a handshake: the reply header to one request, then whether the connection still serves
     * requests. A server that closes on a frame's length may do so while the client still writes
     * the rest of it; that is the same outcome as a close after it.
     */
    private static String request(int port, byte[] frame) throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.connect();
            String reply;
            try {
                c.sendFrame(frame);
                reply = render(c.readReply().header());
            } catch (IOException e) {
                return "closed without a reply";
            }
            return reply + "; " + state(c);
        }
    }

    /**
     * Whether the connection answers a ping; if it does, its session is closed, so that no session
     * a case opened expires later at a moment of its own and takes a zxid on one server only.
     */
    private static String state(RawClient c) {
        try {
            c.send(-2, OpCode.PING, null);
            awaitReply(c, -2);
        } catch (IOException e) {
            return "closed";
        }
        try {
            c.send(-3, OpCode.CLOSE_SESSION, null);
            awaitReply(c, -3);
            return "open";
        } catch (IOException e) {
            return "open, then closed before its closeSession was answered";
        }
    }

    /** Reads frames up to the reply with the given xid; watch events before it are passed over. */
    private static ReplyHeader awaitReply(RawClient c, int xid) throws IOException {
        while (true) {
            ReplyHeader h = c.readReply().header();
            if (h.xid() == xid) {
                return h;
            }
        }
    }

    private static String render(ConnectResponse r) {
        return "ConnectResponse{protocolVersion=" + r.protocolVersion() + " timeOut=" + r.timeOut()
                + " session=" + (r.sessionId() == 0 ? "0" : "given") + " passwd=" + r.passwd().length + " bytes"
                + (r.sessionId() == 0 ? " " + java.util.Arrays.toString(r.passwd()) : "")
                + " readOnly=" + (r.readOnlyPresent() ? r.readOnly() : "absent") + '}';
    }

    private static String render(ReplyHeader h) {
        return "reply{xid=" + h.xid() + " zxid=" + h.zxid() + " err=" + h.err() + '}';
    }

    private static byte[] frame(int xid, int type, JuteRecord body) {
        JuteOutput o = new JuteOutput();
        new RequestHeader(xid, type).write(o);
        body.write(o);
        return o.toByteArray();
    }

    private static String printable(String path) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : path.toCharArray()) {
            out.append(ch < 0x20 || ch >= 0xd800 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return out.append('"').toString();
    }
}
