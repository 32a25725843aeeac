package io.paddock.itests.karaf;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * One call of the stock ZooKeeper client, for a test running inside Karaf, where that client is
 * no bundle: the test loads this class in a class loader of its own over the client's jars
 * (parent: the platform loader), so only JDK types cross. Arguments: connect string, then
 * {@code create PATH DATA} or {@code get PATH}; the answer is {@code created PATH} or
 * {@code data DATA}, or {@code failed: ...}.
 */
public final class ZooKeeperCalls implements Function<String[], String> {
    private static final long WAIT_SECONDS = 10;

    @Override
    public String apply(String[] args) {
        try {
            return call(args);
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static String call(String[] args) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(args[0], 30000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            if (!connected.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                return "failed: not connected to " + args[0] + " in " + WAIT_SECONDS + " s";
            }
            return switch (args[1]) {
                case "create" -> "created " + zk.create(args[2], args[3].getBytes(StandardCharsets.UTF_8),
                        Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                case "get" -> "data " + new String(zk.getData(args[2], false, null), StandardCharsets.UTF_8);
                default -> "failed: unknown call " + args[1];
            };
        } finally {
            zk.close();
        }
    }
}
