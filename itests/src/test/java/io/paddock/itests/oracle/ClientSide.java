package io.paddock.itests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Stat;

/**
 * One server, or one ensemble, and the stock-client handles connected to it, named (a, b, c) so
 * that the same script runs on either side. In an ensemble the handles are spread over its
 * servers: a on the first, b on the second, c on the third, further names round-robin, each name
 * keeping its server. Every outcome is rendered as text in which nothing server-specific is left
 * (session ids become handle names; ctime and mtime are dropped; the ports an ensemble picked
 * become their names), so ZooKeeper's and Paddock's renderings must be equal.
 *
 * <p>A read through one server of an ensemble may not yet see a write made through another: that
 * is ZooKeeper's consistency model, and a client that must see it calls {@code sync} first. So in
 * an ensemble, the barrier after each call syncs every handle, and within a call a handle used
 * after another one syncs before it is handed out; the comparison then checks the guarantees
 * ZooKeeper gives, not how far each follower happened to lag. Each sync is followed by a wait for
 * the leader to catch up ({@link ServerUnderTest#awaitLeaderCaughtUp}), which a sync through the
 * leader itself does not wait for.
 */
final class ClientSide implements AutoCloseable {
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final long WAIT_SECONDS = 10;
    private static final Pattern PORT = Pattern.compile(":(\\d{1,5})\\b");

    final ServerUnderTest server;
    private final Map<String, ZooKeeper> handles = new LinkedHashMap<>();
    private final Map<String, BlockingQueue<WatchedEvent>> events = new LinkedHashMap<>();
    private final Map<Long, String> sessionNames = new LinkedHashMap<>();
    /** Counted down when a handle's client reports it closed (a None event in state Closed). */
    private final Map<String, CountDownLatch> toldClosed = new LinkedHashMap<>();
    /** Which of an ensemble's servers each handle name connects to. */
    private final Map<String, Integer> placement = new LinkedHashMap<>();
    /** The handle last handed out since the last barrier, which every handle left in sync; else null. */
    private String lastUsed;

    ClientSide(ServerUnderTest server) {
        this.server = server;
    }

    /** Connects handles one after another, so that their createSession zxids match on both servers. */
    ClientSide connect(String... names) throws Exception {
        return connect(SESSION_TIMEOUT_MS, names);
    }

    /** As {@link #connect(String...)}, asking for the given session timeout. */
    ClientSide connect(int sessionTimeoutMs, String... names) throws Exception {
        for (String name : names) {
            BlockingQueue<WatchedEvent> queue = new LinkedBlockingQueue<>();
            CountDownLatch connected = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            int at = placement.computeIfAbsent(name, n -> placement.size() % server.size());
            ZooKeeper zk = new ZooKeeper(server.connectString(at), sessionTimeoutMs, event -> {
                if (event.getType() == Watcher.Event.EventType.None
                        && event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                } else {
                    queue.add(event);
                    if (event.getState() == Watcher.Event.KeeperState.Closed) {
                        closed.countDown();
                    }
                }
            });
            handles.put(name, zk);
            events.put(name, queue);
            toldClosed.put(name, closed);
            assertThat(connected.await(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("handle %s connects to %s", name, server.name()).isTrue();
            // A name may be reconnected; its later sessions are told apart as c, c#2, c#3, ...
            long earlier = sessionNames.values().stream().filter(n -> n.equals(name) || n.startsWith(name + "#")).count();
            sessionNames.put(zk.getSessionId(), earlier == 0 ? name : name + "#" + (earlier + 1));
        }
        return this;
    }

    /**
     * The handle of that name; in an ensemble, synced first when the call used another handle
     * before it, which may have written through another server.
     */
    ZooKeeper handle(String name) throws InterruptedException {
        ZooKeeper zk = open(name);
        if (server.size() > 1 && lastUsed != null && !lastUsed.equals(name)) {
            sync(Map.of(name, zk));
        }
        lastUsed = name;
        return zk;
    }

    /**
     * Syncs each open handle of {@code which}, all at once, then waits for the ensemble's leader to
     * catch up ({@link ServerUnderTest#awaitLeaderCaughtUp}).
     */
    private void sync(Map<String, ZooKeeper> which) throws InterruptedException {
        Map<String, AtomicInteger> codes = new LinkedHashMap<>();
        List<CountDownLatch> latches = new ArrayList<>();
        which.forEach((name, zk) -> {
            if (zk.getState().isAlive()) {
                AtomicInteger rc = new AtomicInteger();
                CountDownLatch done = new CountDownLatch(1);
                zk.sync("/", (code, path, ctx) -> {
                    rc.set(code);
                    done.countDown();
                }, null);
                codes.put(name, rc);
                latches.add(done);
            }
        });
        for (CountDownLatch done : latches) {
            assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("syncs on %s", server.name()).isTrue();
        }
        codes.forEach((name, rc) -> assertThat(Code.get(rc.get())).as("sync of %s on %s", name, server.name())
                .isEqualTo(Code.OK));
        server.awaitLeaderCaughtUp();
    }

    private ZooKeeper open(String name) {
        ZooKeeper zk = handles.get(name);
        if (zk == null) {
            throw new IllegalArgumentException("no handle " + name);
        }
        return zk;
    }

    /**
     * Closes one handle's session (a closeSession txn); its name stays known for ephemeralOwner.
     * Returns once the client has told its watcher it is closed, so that this event is among the
     * events of the call that closed it, on both sides, rather than of whichever call runs when the
     * client gets round to it.
     */
    void closeHandle(String name) throws InterruptedException {
        ZooKeeper zk = open(name);
        startClosing(zk);
        awaitClosed(zk);
        assertThat(toldClosed.get(name).await(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("handle %s told closed on %s", name, server.name()).isTrue();
    }

    /**
     * Closes a handle on a thread of its own. The stock client answers close() only a tenth of a
     * second after the server has answered its closeSession, while it winds its threads down;
     * {@link #awaitClosed} waits just for the server's answer.
     */
    private static void startClosing(ZooKeeper zk) {
        Thread closer = new Thread(() -> {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "oracle-close-0x" + Long.toHexString(zk.getSessionId()));
        closer.setDaemon(true);
        closer.start();
    }

    /** Waits until the handle is closed, which it is once the server has answered its closeSession. */
    private void awaitClosed(ZooKeeper zk) {
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(zk.getState().isAlive())
                        .as("session 0x%s closed on %s", Long.toHexString(zk.getSessionId()), server.name()).isFalse());
    }

    /**
     * Closes a handle's session and opens a new one under the same name, whose events are its own:
     * the old client's Closed event, whenever it comes, is not among them.
     */
    void reconnect(String name) throws Exception {
        ZooKeeper zk = open(name);
        startClosing(zk);
        awaitClosed(zk);
        connect(name);
    }

    /**
     * Waits until each open handle's watcher has seen every notification sent before now. A write's
     * notifications are queued to each watching connection before any later reply on it, and the
     * client delivers events and async callbacks in arrival order, so an async read's callback
     * comes after them. In an ensemble each handle syncs first: a follower answers the sync only
     * once it has applied every write the leader committed before it, and so queued their
     * notifications; the leader, once it has caught up ({@link ServerUnderTest#awaitLeaderCaughtUp}).
     */
    void barrier() throws InterruptedException {
        if (server.size() > 1) {
            sync(handles);
        }
        List<CountDownLatch> latches = new ArrayList<>();
        for (ZooKeeper zk : handles.values()) {
            if (!zk.getState().isAlive()) {
                continue;
            }
            CountDownLatch done = new CountDownLatch(1);
            zk.exists("/", false, (rc, path, ctx, stat) -> done.countDown(), null);
            latches.add(done);
        }
        for (CountDownLatch done : latches) {
            assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("barrier on %s", server.name()).isTrue();
        }
        lastUsed = null;
    }

    /**
     * The events each handle received since the last call, as text: in order, or when
     * {@code inAnyOrder}, sorted within each handle's share.
     */
    String drainEvents(boolean inAnyOrder) {
        StringBuilder out = new StringBuilder();
        events.forEach((name, queue) -> {
            List<WatchedEvent> drained = new ArrayList<>();
            queue.drainTo(drained);
            List<String> rendered = new ArrayList<>();
            for (WatchedEvent e : drained) {
                rendered.add(name + ':' + e.getType() + ' ' + e.getState() + ' ' + e.getPath() + " zxid=" + e.getZxid());
            }
            if (inAnyOrder) {
                rendered.sort(null);
            }
            rendered.forEach(r -> out.append(r).append("; "));
        });
        return out.toString();
    }

    /** A call's result, or its error code, as text. */
    String outcome(Call call) throws Exception {
        try {
            return render(call.run(this));
        } catch (KeeperException e) {
            String results = e.getResults() == null ? "" : " results=" + render(e.getResults());
            return "error " + e.code() + " path=" + e.getPath() + results;
        }
    }

    String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof byte[] b) {
            return "bytes(" + b.length + ")\"" + withPortNames(new String(b, StandardCharsets.UTF_8)) + '"';
        }
        if (value instanceof Stat s) {
            return "Stat{czxid=" + s.getCzxid() + " mzxid=" + s.getMzxid() + " version=" + s.getVersion()
                    + " cversion=" + s.getCversion() + " aversion=" + s.getAversion()
                    + " ephemeralOwner=" + owner(s.getEphemeralOwner()) + " dataLength=" + s.getDataLength()
                    + " numChildren=" + s.getNumChildren() + " pzxid=" + s.getPzxid() + '}';
        }
        if (value instanceof ACL acl) {
            return acl.getPerms() + ":" + acl.getId().getScheme() + ":" + acl.getId().getId();
        }
        if (value instanceof OpResult.CreateResult r) {
            return "create(" + render(r.getPath()) + ' ' + render(r.getStat()) + ')';
        }
        if (value instanceof OpResult.SetDataResult r) {
            return "setData(" + render(r.getStat()) + ')';
        }
        if (value instanceof OpResult.DeleteResult) {
            return "delete()";
        }
        if (value instanceof OpResult.CheckResult) {
            return "check()";
        }
        if (value instanceof OpResult.ErrorResult r) {
            return "error(" + KeeperException.Code.get(r.getErr()) + ')';
        }
        if (value instanceof OpResult.GetDataResult r) {
            return "getData(" + render(r.getData()) + ' ' + render(r.getStat()) + ')';
        }
        if (value instanceof OpResult.GetChildrenResult r) {
            return "getChildren(" + render(r.getChildren()) + ')';
        }
        if (value instanceof ClientInfo info) {
            return info.getAuthScheme() + ":" + info.getUser();
        }
        if (value instanceof List<?> list) {
            // Children come in no particular order (protocol.md section 5): compare them as sets.
            if (!list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
                return "set" + new TreeSet<>(list.stream().map(String.class::cast).toList());
            }
            List<String> rendered = new ArrayList<>();
            for (Object element : list) {
                rendered.add(render(element));
            }
            return rendered.toString();
        }
        if (value instanceof Object[] tuple) {
            List<String> rendered = new ArrayList<>();
            for (Object element : tuple) {
                rendered.add(render(element));
            }
            return "(" + String.join(", ", rendered) + ")";
        }
        return value.getClass().getSimpleName() + ':' + value;
    }

    /** The text with each port the server picked ({@link ServerUnderTest#portNames}) as its name. */
    private String withPortNames(String text) {
        Map<Integer, String> names = server.portNames();
        if (names.isEmpty()) {
            return text;
        }
        return PORT.matcher(text).replaceAll(m -> {
            String name = names.get(Integer.parseInt(m.group(1)));
            return Matcher.quoteReplacement(name == null ? m.group() : ":{" + name + "}");
        });
    }

    private String owner(long sessionId) {
        if (sessionId == 0) {
            return "0";
        }
        String name = sessionNames.get(sessionId);
        return name != null ? "session(" + name + ")" : "unknown(0x" + Long.toHexString(sessionId) + ")";
    }

    /**
     * Closes every handle's session, all at once, and forgets the handles, their events and session
     * names. In what order the server takes the closeSessions is left to chance: call this when
     * none of the sessions owns an ephemeral any more, or when that order does not matter.
     */
    void disconnectAll() throws InterruptedException {
        handles.values().forEach(ClientSide::startClosing);
        for (ZooKeeper zk : handles.values()) {
            awaitClosed(zk);
        }
        handles.clear();
        events.clear();
        toldClosed.clear();
        sessionNames.clear();
        placement.clear();
        lastUsed = null;
    }

    /**
     * Closes the handles one after another, restarts the server on its data, and returns the side
     * to connect handles to from then on.
     */
    ClientSide restart() throws Exception {
        closeHandles();
        return new ClientSide(server.restart());
    }

    /** Closes the handles one after another, in the order they were connected, then the server. */
    @Override
    public void close() throws Exception {
        try {
            closeHandles();
        } finally {
            server.close();
        }
    }

    private void closeHandles() throws InterruptedException {
        for (ZooKeeper zk : handles.values()) {
            zk.close();
        }
        handles.clear();
    }

    /** One stock-client call, made against whichever side it is given. */
    @FunctionalInterface
    interface Call {
        Object run(ClientSide side) throws Exception;
    }
}
