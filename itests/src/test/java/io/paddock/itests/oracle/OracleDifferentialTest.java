package io.paddock.itests.oracle;

import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * Hand-written scenarios over the whole client API (protocol.md sections 7 to 13), each compared
 * call by call with Apache ZooKeeper 3.9.3 ({@link DifferentialScenarios}).
 */
class OracleDifferentialTest extends DifferentialScenarios {

    @Test
    void scriptedCallsGetTheSameRepliesAndEventsAsFromZooKeeper() throws Exception {
        // create: the four modes, and create2 (with Stat)
        compare("create persistent", side -> a(side).create("/s", bytes("root"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("create2 persistent with stat", side -> {
            Stat stat = new Stat();
            String path = a(side).create("/s/p", bytes("p"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
            return new Object[] {path, stat};
        });
        compare("create ephemeral", side -> c(side).create("/s/eph", bytes("e"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL));
        compare("create2 ephemeral sequential", side -> {
            Stat stat = new Stat();
            String path = c(side).create("/s/ephseq-", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL, stat);
            return new Object[] {path, stat};
        });
        compare("create persistent sequential", side -> a(side).create("/s/seq-", bytes("1"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL));
        compare("create persistent sequential again", side -> a(side).create("/s/seq-", bytes("2"),
                Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
        compare("delete a sequential child", side -> {
            a(side).delete("/s/seq-0000000004", -1);
            return a(side).exists("/s", false);
        });
        compare("create sequential after a delete numbers from the parent's cversion", side ->
                a(side).create("/s/seq-", bytes("3"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
        compare("create container", side -> a(side).create("/box", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.CONTAINER));

        // create errors
        compare("create on missing parent", side -> a(side).create("/nope/child", bytes("x"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("duplicate create", side -> b(side).create("/s", bytes("again"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("create under an ephemeral", side -> a(side).create("/s/eph/child", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));

        // null data versus empty data
        compare("create with null data", side -> a(side).create("/null", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("create with empty data", side -> a(side).create("/empty", new byte[0], Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("getData of null data", side -> getData(b(side), "/null", false));
        compare("getData of empty data", side -> getData(b(side), "/empty", false));

        // reads that leave watches
        compare("exists with watch on existing node", side -> a(side).exists("/s/p", true));
        compare("exists with watch on missing node", side -> b(side).exists("/s/later", true));
        compare("getData with watch", side -> getData(b(side), "/s", true));
        compare("getData of missing node", side -> getData(b(side), "/s/none", true));
        compare("getChildren with watch", side -> a(side).getChildren("/s", true));
        compare("getChildren2 with watch", side -> {
            Stat stat = new Stat();
            List<String> children = b(side).getChildren("/s", true, stat);
            return new Object[] {children, stat};
        });
        compare("getChildren of missing node", side -> a(side).getChildren("/none", true));
        compare("create fires NodeCreated and NodeChildrenChanged", side -> c(side).create("/s/later", bytes("l"),
                Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));

        // setData with versions
        compare("getData with watch before setData", side -> getData(a(side), "/s", true));
        compare("setData with the right version", side -> c(side).setData("/s", bytes("v1"), 0));
        compare("setData with a stale version", side -> c(side).setData("/s", bytes("v2"), 0));
        compare("setData with any version", side -> c(side).setData("/s", bytes("v3"), -1));
        compare("setData of missing node", side -> c(side).setData("/s/none", bytes("x"), -1));
        compare("getData after setData", side -> getData(a(side), "/s", false));

        // delete
        compare("delete with wrong version", side -> {
            b(side).delete("/s/p", 7);
            return "deleted";
        });
        compare("delete non-empty", side -> {
            b(side).delete("/s", -1);
            return "deleted";
        });
        compare("delete of missing node", side -> {
            b(side).delete("/s/none", -1);
            return "deleted";
        });
        compare("delete with right version fires NodeDeleted", side -> {
            b(side).delete("/s/p", 0);
            return b(side).exists("/s/p", false);
        });

        // multi
        compare("multi success", side -> a(side).multi(List.of(
                Op.create("/m", bytes("m"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/m/1", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.setData("/m", bytes("mm"), 0),
                Op.check("/m", 1),
                Op.delete("/m/10000000000", -1))));
        compare("multi creating and deleting an ephemeral", side -> a(side).multi(List.of(
                Op.create("/m/x", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL),
                Op.check("/m", 1),
                Op.delete("/m/x", 0))));
        compare("multi failure in the middle", side -> a(side).multi(List.of(
                Op.create("/m2", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/m", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/m", bytes("never"), -1))));
        compare("multi failure on check version", side -> a(side).multi(List.of(
                Op.setData("/m", bytes("never"), -1),
                Op.check("/m", 0))));
        compare("multi failure leaves nothing", side -> new Object[] {a(side).exists("/m2", false),
                getData(a(side), "/m", false)});
        compare("empty multi", side -> a(side).multi(List.of()));

        // sync and ACLs
        compare("sync", side -> {
            a(side).sync("/s");
            return a(side).exists("/s", false);
        });
        compare("getACL on a node", side -> {
            Stat stat = new Stat();
            return new Object[] {a(side).getACL("/s", stat), stat};
        });
        compare("getACL on /zookeeper/config", side -> {
            Stat stat = new Stat();
            return new Object[] {a(side).getACL("/zookeeper/config", stat), stat};
        });
        compare("getACL on a missing node", side -> a(side).getACL("/none", new Stat()));
        compare("children of /zookeeper", side -> a(side).getChildren("/zookeeper", false));
        compare("children of root", side -> a(side).getChildren("/", false));

        // a closed session's ephemerals go, and fire their watches
        compare("watch ephemerals before their session closes", side -> new Object[] {
                a(side).exists("/s/eph", true), b(side).getChildren("/s", true)});
        compare("closing a session deletes its ephemerals", side -> {
            side.closeHandle("c");
            return new Object[] {a(side).getChildren("/s", false), a(side).exists("/s", false)};
        });

        assertSameAsZooKeeper();
    }

    @Test
    void aclsAndDigestAuthGetTheSameRepliesAsFromZooKeeper() throws Exception {
        // ACLs and digest auth (protocol.md section 13)
        compare("create with the auth ACL and no credentials", side -> a(side).create("/acl", NO_DATA,
                Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        compare("create with an empty ACL", side -> a(side).create("/acl", NO_DATA, List.of(),
                CreateMode.PERSISTENT));
        compare("create with the auth ACL after digest auth", side -> {
            a(side).addAuthInfo("digest", bytes("alice:secret"));
            return a(side).create("/acl", bytes("private"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        });
        compare("getACL shows the digest identity", side -> {
            Stat stat = new Stat();
            return new Object[] {b(side).getACL("/acl", stat), stat};
        });
        compare("getData without the credentials", side -> getData(b(side), "/acl", false));
        compare("getData with the credentials", side -> getData(a(side), "/acl", false));
        compare("create a node to restrict", side -> a(side).create("/ro", bytes("r"), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("setACL with the right version", side -> b(side).setACL("/ro", Ids.READ_ACL_UNSAFE, 0));
        compare("setACL with a stale version", side -> b(side).setACL("/ro", Ids.OPEN_ACL_UNSAFE, 0));
        compare("setData on a read-only node", side -> b(side).setData("/ro", bytes("w"), -1));
        compare("create under a read-only node", side -> b(side).create("/ro/c", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("delete a read-only node (needs DELETE on the parent only)", side -> {
            b(side).delete("/ro", -1);
            return "deleted";
        });

        compare("watches on nodes the watcher may not read are used up silently (3.8.4+)", side -> {
            b(side).exists("/secret", true);
            c(side).getChildren("/", true);
            a(side).create("/secret", bytes("s"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            return a(side).setData("/secret", bytes("t"), -1);
        });
        compare("getData of /zookeeper/config and /zookeeper/quota", side -> new Object[] {
                getData(a(side), "/zookeeper/config", false), getData(a(side), "/zookeeper/quota", false)});
        compare("create sequential directly under the root", side -> a(side).create("/", NO_DATA,
                Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));

        assertSameAsZooKeeper();
    }

    @Test
    void persistentAndRecursiveWatchesFireAsInZooKeeper() throws Exception {
        compare("create a tree to watch", side -> a(side).create("/w", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("addWatch persistent recursive", side -> {
            b(side).addWatch("/w", AddWatchMode.PERSISTENT_RECURSIVE);
            return "added";
        });
        compare("addWatch persistent", side -> {
            c(side).addWatch("/w", AddWatchMode.PERSISTENT);
            return "added";
        });
        compare("create under a recursive watch", side -> a(side).create("/w/x", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("create deeper under a recursive watch", side -> a(side).create("/w/x/y", bytes("y"),
                Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        compare("setData under persistent watches, twice on one node", side -> {
            a(side).setData("/w/x/y", bytes("y1"), -1);
            a(side).setData("/w", bytes("w1"), -1);
            return a(side).setData("/w", bytes("w2"), -1);
        });
        compare("multi under persistent watches", side -> a(side).multi(List.of(
                Op.delete("/w/x/y", -1),
                Op.create("/w/z", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL))));
        compare("removeWatches of a persistent watch", side -> {
            c(side).removeAllWatches("/w", WatcherType.Any, false);
            return a(side).setData("/w", bytes("w3"), -1);
        });
        assertSameAsZooKeeper();
    }

    @Test
    void removeWatchesRemovesAWatchAsInZooKeeper() throws Exception {
        compare("create a node to watch", side -> a(side).create("/w", NO_DATA, Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        compare("data watch then removeWatches", side -> {
            getData(c(side), "/w", true);
            c(side).removeAllWatches("/w", WatcherType.Data, false);
            return a(side).setData("/w", bytes("x1"), -1);
        });
        compare("removeWatches where there is none", side -> {
            c(side).removeAllWatches("/w", WatcherType.Children, false);
            return "removed";
        });
        assertSameAsZooKeeper();
    }

    @Test
    void multiReadAnswersAsInZooKeeper() throws Exception {
        compare("create nodes to read", side -> a(side).multi(List.of(
                Op.create("/w", bytes("w"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/w/x", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
        compare("multiRead", side -> a(side).multi(List.of(
                Op.getData("/w"), Op.getChildren("/w"), Op.getData("/none"), Op.getChildren("/w/x"))));
        assertSameAsZooKeeper();
    }

    @Test
    void getEphemeralsAnswersAsInZooKeeper() throws Exception {
        compare("create ephemerals", side -> a(side).multi(List.of(
                Op.create("/w", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/w/e", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL),
                Op.create("/e", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL))));
        compare("getEphemerals", side -> a(side).getEphemerals());
        compare("getEphemerals under a prefix", side -> a(side).getEphemerals("/w"));
        compare("getEphemerals of another session", side -> b(side).getEphemerals());
        assertSameAsZooKeeper();
    }

    @Test
    void getAllChildrenNumberAnswersAsInZooKeeper() throws Exception {
        compare("create a tree", side -> a(side).multi(List.of(
                Op.create("/w", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/w/x", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/w/x/y", NO_DATA, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
        compare("getAllChildrenNumber", side -> new Object[] {a(side).getAllChildrenNumber("/"),
                a(side).getAllChildrenNumber("/w")});
        compare("getAllChildrenNumber of a missing node", side -> a(side).getAllChildrenNumber("/none"));
        assertSameAsZooKeeper();
    }

    @Test
    void whoAmIAnswersAsInZooKeeper() throws Exception {
        compare("whoAmI", side -> {
            a(side).addAuthInfo("digest", bytes("alice:secret"));
            return new Object[] {a(side).whoAmI(), b(side).whoAmI()};
        });
        assertSameAsZooKeeper();
    }
}
