package io.paddock.itests.clients;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Connect, create, getData with a watch, setData and its event, multi (success and failure),
 * close: run by whichever stock client its class loader links it against. Compiled against
 * the 3.9 API, it uses only calls every client since 3.5 has, and it reports what it saw as
 * text in JDK types, so the test's own loader can read it and check it.
 */
public final class SmokeScenario implements Function<String, List<String>> {
    private static final long WAIT_SECONDS = 10;

    @Override
    public List<String> apply(String connectString) {
        List<String> seen = new ArrayList<>();
        seen.add("client from " + ZooKeeper.class.getProtectionDomain().getCodeSource().getLocation());
        try {
            run(connectString, seen);
        } catch (Exception e) {
            seen.add("failed: " + e);
        }
        return seen;
    }

    private static void run(String connectString, List<String> seen) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 30000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            seen.add(connected.await(WAIT_SECONDS, TimeUnit.SECONDS) ? "connected" : "not connected");
            seen.add("created " + zk.create("/smoke", bytes("v1"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));

            List<WatchedEvent> events = new ArrayList<>();
            CountDownLatch changed = new CountDownLatch(1);
            Stat stat = new Stat();
            byte[] data = zk.getData("/smoke", event -> {
                synchronized (events) {
                    events.add(event);
                }
                changed.countDown();
            }, stat);
            seen.add("data " + new String(data, StandardCharsets.UTF_8) + " version " + stat.getVersion());

            Stat updated = zk.setData("/smoke", bytes("v2"), stat.getVersion());
            seen.add("setData version " + updated.getVersion());
            seen.add(changed.await(WAIT_SECONDS, TimeUnit.SECONDS) ? "event" : "no event");
            synchronized (events) {
                for (WatchedEvent e : events) {
                    seen.add("event " + e.getType() + " " + e.getState() + " " + e.getPath());
                }
            }

            List<OpResult> results = zk.multi(List.of(
                    Op.create("/smoke/child", bytes("c"), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL),
                    Op.setData("/smoke", bytes("v3"), 1),
                    Op.check("/smoke", 2),
                    Op.delete("/smoke/child", 0)));
            seen.add("multi " + names(results));

            try {
                zk.multi(List.of(
                        Op.create("/smoke/never", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                        Op.create("/smoke", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                        Op.delete("/smoke", -1)));
                seen.add("failing multi succeeded");
            } catch (KeeperException e) {
                seen.add("failed multi " + e.code() + " " + names(e.getResults()));
            }
            seen.add("exists /smoke/never " + zk.exists("/smoke/never", false));
            seen.add("data " + new String(zk.getData("/smoke", false, null), StandardCharsets.UTF_8));
        } finally {
            zk.close();
            seen.add("closed " + zk.getState());
        }
    }

    private static String names(List<OpResult> results) {
        List<String> names = new ArrayList<>();
        for (OpResult r : results) {
            names.add(r instanceof OpResult.ErrorResult e ? "Error(" + e.getErr() + ")" : r.getClass().getSimpleName());
        }
        return names.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
