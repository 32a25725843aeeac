package io.paddock.itests.osgi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * The stock ZooKeeper client writing the whole time, for tests running inside Felix or Karaf,
 * where that client is no bundle: a test loads this class in a class loader of its own over the
 * client's jars (see {@link StockClient}), so only JDK types cross. One session creates sequential
 * nodes one after the other; a create cut off by a dropped connection is not counted, and the
 * client reconnects and resumes its session by itself.
 *
 * <p>Calls: {@code start CONNECT PREFIX}; {@code count} (the acknowledged creates, an Integer);
 * {@code stop}, which returns the problems found as a list of strings, empty if none: a session
 * that changed, a create that failed otherwise, names out of order, an acknowledged node missing.
 */
public final class StockWriter implements Function<String[], Object> {
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private ZooKeeper zk;
    private long sessionId;
    private Thread thread;

    @Override
    public Object apply(String[] args) {
        try {
            return switch (args[0]) {
                case "start" -> start(args[1], args[2]);
                case "count" -> acknowledged.size();
                case "stop" -> stop();
                default -> throw new IllegalArgumentException("unknown call " + args[0]);
            };
        } catch (Exception e) {
            return List.of("failed: " + e);
        }
    }

    private Object start(String connect, String prefix) throws Exception {
        zk = new ZooKeeper(connect, 30_000, event -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!zk.getState().isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not connected to " + connect);
            }
            Thread.sleep(10);
        }
        sessionId = zk.getSessionId();
        thread = new Thread(() -> write(prefix), "stock-writer");
        thread.start();
        return "started";
    }

    private void write(String prefix) {
        while (running.get()) {
            try {
                acknowledged.add(zk.create(prefix, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
            } catch (KeeperException.ConnectionLossException cutOff) {
                // not acknowledged; the client reconnects by itself
            } catch (InterruptedException e) {
                return;
            } catch (KeeperException e) {
                problems.add("a create failed: " + e);
                return;
            }
        }
    }

    private List<String> stop() throws Exception {
        running.set(false);
        thread.join(30_000);
        List<String> found = new ArrayList<>(problems);
        if (zk.getSessionId() != sessionId) {
            found.add("the session changed from 0x" + Long.toHexString(sessionId) + " to 0x"
                    + Long.toHexString(zk.getSessionId()));
        }
        String previous = "";
        for (String path : acknowledged) {
            if (path.compareTo(previous) <= 0) {
                found.add("answered out of order: " + previous + " then " + path);
            }
            if (!exists(path)) {
                found.add("acknowledged but missing: " + path);
            }
            previous = path;
        }
        zk.close();
        return found;
    }

    /** Asks as an application would: a connection lost on the way is retried once the client is back. */
    private boolean exists(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return zk.exists(path, false) != null;
            } catch (KeeperException.ConnectionLossException lost) {
                if (System.nanoTime() > deadline) {
                    throw lost;
                }
                Thread.sleep(50);
            }
        }
    }
}
