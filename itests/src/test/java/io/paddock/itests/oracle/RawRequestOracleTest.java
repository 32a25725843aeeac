package io.paddock.itests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.CheckVersionRequest;
import io.paddock.api.proto.CreateTtlRequest;
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
import io.paddock.api.testkit.RawClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests stock clients never send, over raw sockets to ZooKeeper 3.9.3 and to Paddock: the
 * same reply header (xid and error; the zxid where both start fresh) and the same choice
 * between answering and closing the connection.
 */
class RawRequestOracleTest {
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

    /** What a server did with one frame after the handshake: its reply header, then whether it closed. */
    private record Outcome(int xid, long zxid, int err, boolean closed) {
    }

    private static Outcome send(ServerUnderTest server, byte[] frame) throws IOException {
        int port = Integer.parseInt(server.connectString().substring(server.connectString().indexOf(':') + 1));
        try (RawClient c = new RawClient(port)) {
            c.connect();
            c.sendFrame(frame);
            ReplyHeader h = c.readReply().header();
            // a ping after it shows whether the connection is still served
            boolean closed;
            try {
                c.send(-2, OpCode.PING, null);
                closed = c.readReply().header().xid() != -2;
            } catch (IOException e) {
                closed = true;
            }
            return new Outcome(h.xid(), h.zxid(), h.err(), closed);
        }
    }

    private static byte[] frame(int xid, int type, JuteRecord body) {
        JuteOutput o = new JuteOutput();
        new RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        return o.toByteArray();
    }

    @Test
    void oddRequestsGetZooKeepersReplies() throws Exception {
        JuteOutput reconfig = new JuteOutput();
        reconfig.writeString(null).writeString(null).writeString("server.1=127.0.0.1:2888:3888").writeLong(-1);
        List<Object[]> cases = List.of(
                new Object[] {"reconfig on a standalone server", frame(5, OpCode.RECONFIG, out -> {
                    byte[] b = reconfig.toByteArray();
                    out.writeRaw(b, 0, b.length);
                })},
                new Object[] {"check outside a multi", frame(5, OpCode.CHECK, new CheckVersionRequest("/", 0))},
                new Object[] {"unknown opcode", frame(5, 99, null)},
                new Object[] {"notification as a request", frame(5, OpCode.NOTIFICATION, null)},
                new Object[] {"createTTL with extended types off", frame(5, OpCode.CREATE_TTL,
                        new CreateTtlRequest("/ttl", null, Perms.OPEN_ACL_UNSAFE, 5, 1000))},
                new Object[] {"multi mixing a read into writes", frame(5, OpCode.MULTI, new MultiRequest(List.of(
                        new MultiRequest.Op(OpCode.CHECK, new CheckVersionRequest("/", -1)),
                        new MultiRequest.Op(OpCode.GET_DATA, new PathWatchRequest("/", false)))))},
                new Object[] {"a truncated setData body", Arrays.copyOf(frame(5, OpCode.SET_DATA,
                        new SetDataRequest("/", new byte[] {1, 2, 3}, -1)), 14)},
                new Object[] {"getAllChildrenNumber of a missing node", frame(5, OpCode.GET_ALL_CHILDREN_NUMBER,
                        new PathRequest("/none"))});
        List<String> differences = new ArrayList<>();
        for (Object[] c : cases) {
            Outcome zk = send(zookeeper, (byte[]) c[1]);
            Outcome ours = send(paddock, (byte[]) c[1]);
            if (!zk.equals(ours)) {
                differences.add(c[0] + ": ZooKeeper " + zk + ", Paddock " + ours);
            }
        }
        assertThat(differences).isEmpty();
    }
}
