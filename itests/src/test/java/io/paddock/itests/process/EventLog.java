package io.paddock.itests.process;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** A watcher that keeps every event it gets, in order. */
public final class EventLog implements Watcher {
    private final List<WatchedEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void process(WatchedEvent event) {
        events.add(event);
    }

    public List<WatchedEvent> events() {
        return List.copyOf(events);
    }

    public List<Event.EventType> types() {
        return events.stream().map(WatchedEvent::getType).toList();
    }

    /**
     * Returns once every event the server sent {@code zk} before now has been delivered: the
     * client hands watch events and async callbacks to one event thread in arrival order, and
     * the server sends a change's notification before any later reply (protocol.md 12.7), so
     * when the callback of a fresh async read runs, nothing earlier is still queued.
     */
    public static void settle(ZooKeeper zk) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        zk.exists("/", false, (rc, path, ctx, stat) -> done.countDown(), null);
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no reply to exists / within 30 s");
        }
    }
}
