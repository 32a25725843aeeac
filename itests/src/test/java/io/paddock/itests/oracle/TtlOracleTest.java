package io.paddock.itests.oracle;

import io.paddock.api.proto.CreateTtlRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.ReplyHeader;
import io.paddock.api.testkit.RawClient;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * TTL nodes (createTTL, opcode 21; protocol.md section 9.2) with extended types enabled on both
 * servers: the modes, the TTL bounds, the ephemeralOwner that carries the TTL, and TTL creates
 * inside a multi. Expiry is not compared: the in-process ZooKeeper runs no ContainerManager (see
 * ContainerReapingTest and the Curator PersistentTtlNode test for Paddock's).
 */
@ExtendedTypes
class TtlOracleTest extends DifferentialScenarios {
    private static final long MAX_TTL = (1L << 40) - 1;

    @Test
    void ttlNodesAreCreatedAndRefusedAsInZooKeeper() throws Exception {
        compare("create a parent", side -> a(side).create("/t", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        compare("persistent with a TTL", side -> createTtl(a(side), "/t/p", CreateMode.PERSISTENT_WITH_TTL, 1000));
        compare("persistent sequential with a TTL", side -> createTtl(a(side), "/t/s-",
                CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 5000));
        compare("the largest TTL", side -> createTtl(a(side), "/t/max", CreateMode.PERSISTENT_WITH_TTL, MAX_TTL));
        compare("a TTL past the largest", side -> createTtl(a(side), "/t/over", CreateMode.PERSISTENT_WITH_TTL,
                MAX_TTL + 1));
        compare("a TTL of zero", side -> createTtl(a(side), "/t/zero", CreateMode.PERSISTENT_WITH_TTL, 0));
        compare("a negative TTL", side -> createTtl(a(side), "/t/neg", CreateMode.PERSISTENT_WITH_TTL, -1));
        compare("an ephemeral with a TTL", side -> createTtl(a(side), "/t/eph", CreateMode.EPHEMERAL, 1000));
        compare("a persistent mode with a TTL", side -> createTtl(a(side), "/t/plain", CreateMode.PERSISTENT, 1000));
        compare("a TTL node that exists", side -> createTtl(b(side), "/t/p", CreateMode.PERSISTENT_WITH_TTL, 1000));
        compare("children under a TTL node", side -> a(side).create("/t/p/child", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("setData keeps the TTL owner", side -> a(side).setData("/t/p", bytes("x"), -1));
        compare("getData of a TTL node", side -> getData(b(side), "/t/max", false));
        compare("TTL nodes are not ephemerals", side -> a(side).getEphemerals());
        compare("TTL creates in a multi", side -> a(side).multi(List.of(
                Op.create("/t/m", bytes("m"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 2000),
                Op.create("/t/m/q-", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 3000))));
        compare("a failing TTL create in a multi", side -> a(side).multi(List.of(
                Op.create("/t/n", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 2000),
                Op.create("/t/p", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 2000))));
        compare("children after", side -> new Object[] {a(side).getChildren("/t", false),
                a(side).exists("/t", false)});
        assertSameAsZooKeeper();
    }

    @Test
    void ttlsTheStockClientWouldRefuseGetZooKeepersAnswersFromTheServer() throws Exception {
        compare("create a parent", side -> a(side).create("/u", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        long[] ttls = {0, MAX_TTL + 1, 1000};
        int[] flags = {CreateMode.PERSISTENT.toFlag(), CreateMode.EPHEMERAL.toFlag(), CreateMode.CONTAINER.toFlag(),
            CreateMode.PERSISTENT_WITH_TTL.toFlag(), CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL.toFlag(), 42};
        for (long ttl : ttls) {
            for (int flag : flags) {
                compare("createTTL flags " + flag + " ttl " + ttl, side -> rawCreateTtl(side, "/u/n", flag, ttl));
            }
        }
        compare("children after", side -> new Object[] {a(side).getChildren("/u", false),
                a(side).exists("/u", false)});
        assertSameAsZooKeeper();
    }

    /** A createTTL request as the stock client would never send it, on a session of its own. */
    private static Object rawCreateTtl(ClientSide side, String path, int flags, long ttl) throws Exception {
        String connect = side.server.connectString();
        try (RawClient raw = new RawClient(Integer.parseInt(connect.substring(connect.indexOf(':') + 1)))) {
            raw.connect();
            raw.send(1, OpCode.CREATE_TTL, new CreateTtlRequest(path, null, Perms.OPEN_ACL_UNSAFE, flags, ttl));
            ReplyHeader reply = raw.readReply().header();
            raw.send(2, OpCode.CLOSE_SESSION, null);
            raw.readReply();
            return "xid=" + reply.xid() + " zxid=" + reply.zxid() + " err=" + reply.err();
        }
    }

    /** create2 with a TTL; a TTL the client itself refuses is shown as the client's refusal. */
    private static Object createTtl(ZooKeeper zk, String path, CreateMode mode, long ttl) throws Exception {
        try {
            Stat stat = new Stat();
            String created = zk.create(path, bytes("ttl"), Ids.OPEN_ACL_UNSAFE, mode, stat, ttl);
            return new Object[] {created, stat};
        } catch (IllegalArgumentException e) {
            return "refused by the client: " + e.getMessage();
        }
    }
}
