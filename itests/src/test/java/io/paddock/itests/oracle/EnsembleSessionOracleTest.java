package io.paddock.itests.oracle;

import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.ReplyHeader;
import io.paddock.api.testkit.RawClient;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.junit.jupiter.api.Test;

/**
 * Sessions of an ensemble as a client sees them through each of its servers, against a 3-server
 * ZooKeeper ensemble and a 3-server Paddock ensemble.
 */
@Ensemble
class EnsembleSessionOracleTest extends DifferentialScenarios {
    private static final int HANDSHAKES_PER_SERVER = 100;

    /**
     * A client may write as soon as its ConnectResponse is in: the session is the ensemble's by
     * then, whichever server it was created through. ZooKeeper's leader tracks a new session when
     * its prep stage takes the createSession (PrepRequestProcessor: {@code trackSession}), so every
     * later request of it finds the session there, though a follower may apply the createSession,
     * and answer the client, before the leader has.
     */
    @Test
    void aWriteRightAfterTheHandshakeFindsItsSessionThroughEveryServer() throws Exception {
        compare("create a parent", side -> a(side).create("/h", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        for (int server = 0; server < 3; server++) {
            for (int i = 0; i < HANDSHAKES_PER_SERVER; i++) {
                int at = server;
                String path = "/h/" + server + "-" + i;
                compare("handshake, then create " + path + " at once, through server " + (server + 1),
                        side -> createRightAfterHandshake(side, at, path));
            }
        }
        compare("children after", side -> a(side).exists("/h", false));
        assertSameAsZooKeeper();
    }

    /** A new session's first request, sent as soon as the ConnectResponse is read; then its close. */
    private static Object createRightAfterHandshake(ClientSide side, int server, String path) throws Exception {
        String connect = side.server.connectString(server);
        try (RawClient raw = new RawClient(Integer.parseInt(connect.substring(connect.indexOf(':') + 1)))) {
            raw.connect();
            raw.send(1, OpCode.CREATE, new CreateRequest(path, null, Perms.OPEN_ACL_UNSAFE, 0));
            ReplyHeader reply = raw.readReply().header();
            raw.send(2, OpCode.CLOSE_SESSION, null);
            raw.readReply();
            return "xid=" + reply.xid() + " zxid=" + reply.zxid() + " err=" + reply.err();
        }
    }
}
