package io.paddock.itests.oracle;

import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.StatsTrack;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.cli.SetQuotaCommand;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * Quotas (protocol.md section 11) against Apache ZooKeeper 3.9.3: limits nodes made as zkCli's
 * setquota makes them, then the data and Stat of {@code zookeeper_stats}, which the server keeps
 * itself, compared after creates, deletes, setData, multi, session close and a restart. Quota
 * enforcement is not compared: ZooKeeper reads {@code zookeeper.enforceQuota} once per JVM, into a
 * static, so both servers run with it off and a passed limit must only be logged.
 */
class QuotaOracleTest extends DifferentialScenarios {
    private static final String APP_STATS = "/zookeeper/quota/app/zookeeper_stats";
    private static final String SUB_STATS = "/zookeeper/quota/app/sub/zookeeper_stats";

    @Test
    void statsNodesFollowTheTreeAsInZooKeeper() throws Exception {
        compare("nodes before the quota", side -> {
            create(a(side), "/app", "ab");
            create(a(side), "/app/x", "xyz");
            create(a(side), "/app/sub", null);
            return create(a(side), "/other", "12345");
        });
        compare("setquota -n 10 -b 100 /app", side -> {
            StatsTrack quota = new StatsTrack();
            quota.setCount(10);
            quota.setBytes(100);
            return SetQuotaCommand.createQuota(a(side), "/app", quota);
        });
        stats("stats count the existing subtree");
        compare("limits as zkCli wrote them", side -> getData(a(side), "/zookeeper/quota/app/zookeeper_limits"));

        compare("create under the quota", side -> create(a(side), "/app/y", "0123456789"));
        compare("create sequential under the quota", side -> a(side).create("/app/seq-", bytes("s"),
                Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
        compare("create ephemeral under the quota", side -> c(side).create("/app/eph", bytes("eph"),
                Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
        compare("create outside the quota", side -> create(a(side), "/apple", "not counted"));
        stats("after creates");
        compare("setData grows", side -> a(side).setData("/app/x", bytes("longer data"), -1));
        compare("setData shrinks", side -> a(side).setData("/app/y", bytes("1"), -1));
        compare("setData to null", side -> a(side).setData("/app", null, -1));
        stats("after setData");
        compare("delete", side -> {
            a(side).delete("/app/seq-0000000003", -1);
            return a(side).exists("/app", false);
        });
        compare("multi", side -> a(side).multi(List.of(
                Op.create("/app/m", bytes("mm"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/app/m", bytes("mmmm"), -1),
                Op.delete("/app/y", -1))));
        compare("failed multi", side -> a(side).multi(List.of(
                Op.create("/app/n", bytes("nn"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.delete("/app/none", -1))));
        stats("after delete and multi");

        compare("session close deletes its ephemeral", side -> {
            side.closeHandle("c");
            return a(side).exists("/app/eph", false);
        });
        stats("after session close");

        compare("a nested quota with hard limits, by hand as zkCli refuses nesting", side -> {
            create(a(side), "/zookeeper/quota/app/sub", null);
            StatsTrack quota = new StatsTrack();
            quota.setCountHardLimit(2);
            quota.setByteHardLimit(3);
            create(a(side), "/zookeeper/quota/app/sub/zookeeper_limits", quota.toString());
            Stat stat = new Stat();
            String path = a(side).create(SUB_STATS, bytes("count=0,bytes=0"), Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT, stat);
            return new Object[] {path, stat};
        });
        compare("past the hard limits without enforcement", side -> {
            create(a(side), "/app/sub/a", "abcd");
            return create(a(side), "/app/sub/b", "efgh");
        });
        stats("nested quota takes its subtree");

        compare("a client writes the stats node", side -> a(side).setData(SUB_STATS, bytes("count=7,bytes=7"), -1));
        compare("create after", side -> create(a(side), "/app/sub/c", "z"));
        stats("counted from what the client wrote");

        compare("delete the nested limits node", side -> {
            a(side).delete("/zookeeper/quota/app/sub/zookeeper_limits", -1);
            return create(a(side), "/app/sub/d", "dd");
        });
        stats("the outer quota counts again");

        compare("a quota on a missing path", side -> {
            create(a(side), "/zookeeper/quota/ghost", null);
            create(a(side), "/zookeeper/quota/ghost/zookeeper_limits", "count=1,bytes=1");
            create(a(side), "/zookeeper/quota/ghost/zookeeper_stats", "count=9,bytes=9");
            return getData(a(side), "/zookeeper/quota/ghost/zookeeper_stats");
        });
        compare("create the quota'd path later", side -> {
            create(a(side), "/ghost", "boo");
            return getData(a(side), "/zookeeper/quota/ghost/zookeeper_stats");
        });

        restartBothServers();
        stats("after a restart, recomputed from the tree");
        compare("ghost after restart", side -> getData(a(side), "/zookeeper/quota/ghost/zookeeper_stats"));
        compare("create after restart", side -> create(a(side), "/app/sub/e", "e"));
        stats("after a restart and a create");

        assertSameAsZooKeeper();
    }

    private void stats(String step) throws Exception {
        compare(step + ": /app stats", side -> getData(a(side), APP_STATS));
        compare(step + ": /app/sub stats", side -> a(side).exists(SUB_STATS, false) == null ? "none"
                : getData(a(side), SUB_STATS));
    }

    private static String create(ZooKeeper zk, String path, String data) throws Exception {
        return zk.create(path, data == null ? null : bytes(data), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    private static Object[] getData(ZooKeeper zk, String path) throws Exception {
        return getData(zk, path, false);
    }
}
