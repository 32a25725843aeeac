package io.paddock.quorum.election;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded FIFO that makes room for a new element by dropping the oldest, as ZooKeeper's
 * {@code CircularBlockingQueue} does for the election's send and receive queues: an election
 * only cares for the latest notifications, and a stale one is worse than none. Not thread-safe;
 * its owner guards it.
 */
final class DropOldestQueue<T> {
    private final ArrayDeque<T> items;
    private final int capacity;

    DropOldestQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    /** Adds {@code item} at the tail; returns the element dropped from the head to make room, or null. */
    T offer(T item) {
        T dropped = items.size() == capacity ? items.poll() : null;
        items.add(item);
        return dropped;
    }

    /** The oldest element, removed, or null when empty. */
    T poll() {
        return items.poll();
    }

    /** Every element, oldest first, removed. */
    List<T> drain() {
        List<T> all = new ArrayList<>(items);
        items.clear();
        return all;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    int size() {
        return items.size();
    }
}
