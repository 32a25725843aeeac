package io.paddock.server.processor;

import io.paddock.server.tree.DataNode;
import io.paddock.server.tree.DataTree;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Writes that are prepared but not yet applied, by path, so that the next write is validated
 * against the state it will really meet. Entries leave once the applying stage has reached
 * their zxid.
 */
final class PendingChanges {
    /** One prepared change: the node after it, or null if it deletes the node. */
    private record Change(long zxid, String path, NodeView view) {
    }

    private final Map<String, Change> byPath = new HashMap<>();
    private final ArrayDeque<Change> inOrder = new ArrayDeque<>();
    private final Supplier<DataTree> tree;

    PendingChanges(Supplier<DataTree> tree) {
        this.tree = tree;
    }

    /** The node as the next write will see it, or null if it will not exist. */
    synchronized NodeView lookup(String path) {
        Change c = byPath.get(path);
        if (c != null) {
            return c.view();
        }
        DataTree t = tree.get();
        DataNode n = t.node(path);
        return n == null ? null : NodeView.of(t, n);
    }

    synchronized void add(long zxid, Map<String, NodeView> changes) {
        changes.forEach((path, view) -> {
            Change c = new Change(zxid, path, view);
            byPath.put(path, c);
            inOrder.add(c);
        });
    }

    /** The applying stage has applied everything up to {@code zxid}. */
    synchronized void applied(long zxid) {
        while (!inOrder.isEmpty() && inOrder.peek().zxid() <= zxid) {
            Change c = inOrder.poll();
            if (byPath.get(c.path()) == c) {
                byPath.remove(c.path());
            }
        }
    }

    /** Forgets the changes of txns after {@code zxid}: the log refused them. */
    synchronized void discardAfter(long zxid) {
        inOrder.removeIf(c -> c.zxid() > zxid);
        byPath.clear();
        for (Change c : inOrder) {
            byPath.put(c.path(), c);
        }
    }

    /** The ephemerals a session will own once pending writes are applied. */
    synchronized Set<String> ephemeralsOf(long sessionId) {
        Set<String> paths = new TreeSet<>(tree.get().ephemerals(sessionId));
        byPath.forEach((path, c) -> {
            if (c.view() == null) {
                paths.remove(path);
            } else if (c.view().ephemeralOwner() == sessionId) {
                paths.add(path);
            }
        });
        return paths;
    }
}
