package io.paddock.server.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of a server's two watch tables, data or child (protocol.md section 12.2): path to the
 * watchers waiting on it, each with its modes. A standard watch is one-shot; persistent and
 * persistent-recursive ones stay until removed, and a recursive one also matches every path
 * below its own. Registering the same mode twice is idempotent.
 */
public final class WatchTable {
    /** Watch modes, as bits: a watcher may hold several on one path. */
    public static final int STANDARD = 1;
    public static final int PERSISTENT = 2;
    public static final int PERSISTENT_RECURSIVE = 4;
    /** Matches any mode, for contains and remove. */
    public static final int ANY = STANDARD | PERSISTENT | PERSISTENT_RECURSIVE;

    private final Map<String, Set<Watcher>> byPath = new HashMap<>();
    private final Map<Watcher, Map<String, Integer>> byWatcher = new HashMap<>();
    private int recursiveCount;

    public synchronized void add(String path, Watcher watcher, int mode) {
        byPath.computeIfAbsent(path, p -> new LinkedHashSet<>(2)).add(watcher);
        Map<String, Integer> paths = byWatcher.computeIfAbsent(watcher, w -> new HashMap<>());
        int old = paths.getOrDefault(path, 0);
        paths.put(path, old | mode);
        if ((mode & PERSISTENT_RECURSIVE) != 0 && (old & PERSISTENT_RECURSIVE) == 0) {
            recursiveCount++;
        }
    }

    /** Does the watcher hold a watch on the path in one of {@code modes}? */
    public synchronized boolean contains(String path, Watcher watcher, int modes) {
        Map<String, Integer> paths = byWatcher.get(watcher);
        return paths != null && (paths.getOrDefault(path, 0) & modes) != 0;
    }

    /** Removes the watcher's watches on a path in {@code modes}; false if it had none of them. */
    public synchronized boolean remove(String path, Watcher watcher, int modes) {
        Map<String, Integer> paths = byWatcher.get(watcher);
        int old = paths == null ? 0 : paths.getOrDefault(path, 0);
        if ((old & modes) == 0) {
            return false;
        }
        setModes(path, watcher, paths, old, old & ~modes);
        return true;
    }

    private void setModes(String path, Watcher watcher, Map<String, Integer> paths, int old, int now) {
        if ((old & PERSISTENT_RECURSIVE) != 0 && (now & PERSISTENT_RECURSIVE) == 0) {
            recursiveCount--;
        }
        if (now != 0) {
            paths.put(path, now);
            return;
        }
        paths.remove(path);
        if (paths.isEmpty()) {
            byWatcher.remove(watcher);
        }
        Set<Watcher> set = byPath.get(path);
        if (set != null) {
            set.remove(watcher);
            if (set.isEmpty()) {
                byPath.remove(path);
            }
        }
    }

    /** Forgets every watch of a watcher (its connection closed). */
    public synchronized void removeWatcher(Watcher watcher) {
        Map<String, Integer> paths = byWatcher.remove(watcher);
        if (paths == null) {
            return;
        }
        paths.forEach((p, modes) -> {
            if ((modes & PERSISTENT_RECURSIVE) != 0) {
                recursiveCount--;
            }
            Set<Watcher> set = byPath.get(p);
            if (set != null) {
                set.remove(watcher);
                if (set.isEmpty()) {
                    byPath.remove(p);
                }
            }
        });
    }

    /**
     * The watchers a change at {@code path} notifies: every watcher on the path itself (its
     * standard watch is used up) and, while recursive watches exist, the recursive watchers
     * on each ancestor. ZooKeeper's WatchManager.triggerWatch does the same.
     */
    public synchronized Set<Watcher> trigger(String path) {
        Set<Watcher> out = new LinkedHashSet<>();
        Set<Watcher> here = byPath.get(path);
        if (here != null) {
            for (Watcher w : List.copyOf(here)) {
                out.add(w);
                Map<String, Integer> paths = byWatcher.get(w);
                int old = paths.get(path);
                if ((old & STANDARD) != 0) {
                    setModes(path, w, paths, old, old & ~STANDARD);
                }
            }
        }
        if (recursiveCount > 0) {
            for (String ancestor : ancestors(path)) {
                Set<Watcher> set = byPath.get(ancestor);
                if (set != null) {
                    for (Watcher w : set) {
                        if ((byWatcher.get(w).get(ancestor) & PERSISTENT_RECURSIVE) != 0) {
                            out.add(w);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Deque<String> ancestors(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (int i = path.lastIndexOf('/'); i >= 0 && path.length() > 1; i = path.lastIndexOf('/', i - 1)) {
            out.add(i == 0 ? "/" : path.substring(0, i));
            if (i == 0) {
                break;
            }
        }
        return out;
    }

    /** Watches in the table: each (watcher, path) pair counts once, as ZooKeeper counts them. */
    public synchronized int watchCount() {
        int n = 0;
        for (Map<String, Integer> paths : byWatcher.values()) {
            n += paths.size();
        }
        return n;
    }

    public synchronized int pathCount() {
        return byPath.size();
    }

    public synchronized int watcherCount() {
        return byWatcher.size();
    }

    /** Paths per watcher, for the wchc four-letter word. */
    public synchronized Map<Watcher, List<String>> pathsByWatcher() {
        Map<Watcher, List<String>> copy = new HashMap<>();
        byWatcher.forEach((w, p) -> copy.put(w, new ArrayList<>(p.keySet())));
        return copy;
    }

    /** Watchers per path, for the wchp four-letter word. */
    public synchronized Map<String, List<Watcher>> watchersByPath() {
        Map<String, List<Watcher>> copy = new HashMap<>();
        byPath.forEach((p, w) -> copy.put(p, new ArrayList<>(w)));
        return copy;
    }
}
