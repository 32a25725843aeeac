package io.paddock.itests.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * The znodes the loads work on, under {@code /bench}: {@value #DATA_NODES} pre-created 1 KiB
 * nodes for getData, setData and the mix, one node for the watch fan-out, and one
 * parent per create round, removed after the round so that no server carries the previous
 * rounds' nodes into the next load.
 */
final class BenchTree {
    static final String ROOT = "/bench";
    static final String WATCHED = ROOT + "/watch";
    static final int DATA_NODES = 1_000;
    static final int VALUE_BYTES = 1024;

    private static final String DATA = ROOT + "/data";
    private static final long SYNC_TIMEOUT_S = 60;
    // A multi of this many deletes stays far below jute.maxbuffer (about 40 B a path).
    private static final int DELETE_BATCH = 1_000;

    private BenchTree() {
    }

    /** A 1 KiB value; random bytes so that no layer can compress it away. */
    static byte[] value() {
        byte[] v = new byte[VALUE_BYTES];
        new Random(42).nextBytes(v);
        return v;
    }

    static String dataNode(int i) {
        return String.format("%s/n%04d", DATA, i);
    }

    /** Creates whatever of the tree is missing; a server that has it from an earlier run keeps it. */
    static void prepare(ZooKeeper zk) throws KeeperException, InterruptedException {
        byte[] value = value();
        createIfMissing(zk, ROOT, new byte[0]);
        createIfMissing(zk, DATA, new byte[0]);
        createIfMissing(zk, WATCHED, value);
        for (int i = 0; i < DATA_NODES; i++) {
            createIfMissing(zk, dataNode(i), value);
        }
    }

    /**
     * Waits (bounded) until the server {@code zk} is connected to has the whole tree: a sync, so
     * that a member of an ensemble has applied every write committed before it, then a look at
     * the last node {@link #prepare} makes.
     */
    static void awaitPrepared(ZooKeeper zk, String server) throws KeeperException, InterruptedException {
        CountDownLatch synced = new CountDownLatch(1);
        int[] rc = new int[1];
        zk.sync(ROOT, (code, path, ctx) -> {
            rc[0] = code;
            synced.countDown();
        }, null);
        if (!synced.await(SYNC_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException("sync of " + ROOT + " on " + server + " not answered within "
                    + SYNC_TIMEOUT_S + " s");
        }
        if (rc[0] != KeeperException.Code.OK.intValue()) {
            throw KeeperException.create(KeeperException.Code.get(rc[0]), ROOT);
        }
        String last = dataNode(DATA_NODES - 1);
        if (zk.exists(last, false) == null || zk.exists(WATCHED, false) == null) {
            throw new IllegalStateException(server + " lacks " + last + " or " + WATCHED + " after a sync");
        }
    }

    private static void createIfMissing(ZooKeeper zk, String path, byte[] data)
            throws KeeperException, InterruptedException {
        try {
            zk.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // Left by an earlier run against the same server: that is what prepare wants.
        }
    }

    /** A fresh, empty parent for one create round ({@code /bench/run-0000000042}). */
    static String newRunParent(ZooKeeper zk) throws KeeperException, InterruptedException {
        return zk.create(ROOT + "/run-", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
    }

    /** Deletes the named children of {@code parent}, in multis of a thousand, then the parent. */
    static void deleteRun(ZooKeeper zk, String parent, List<String> children)
            throws KeeperException, InterruptedException {
        List<Op> batch = new ArrayList<>(DELETE_BATCH);
        for (String child : children) {
            batch.add(Op.delete(parent + "/" + child, -1));
            if (batch.size() == DELETE_BATCH) {
                zk.multi(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            zk.multi(batch);
        }
        zk.delete(parent, -1);
    }
}
