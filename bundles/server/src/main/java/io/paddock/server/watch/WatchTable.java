package io.paddock.server.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of a server's two watch tables, data or child (protocol.md section 12.2): path to the
 * watchers waiting on it. Standard watches are one-shot; registering twice is idempotent.
 */
public final class WatchTable {
    private final Map<String, Set<Watcher>> byPath = new HashMap<>();
    private final Map<Watcher, Set<String>> byWatcher = new HashMap<>();

    public synchronized void add(String path, Watcher watcher) {
        byPath.computeIfAbsent(path, p -> new LinkedHashSet<>(2)).add(watcher);
        byWatcher.computeIfAbsent(watcher, w -> new HashSet<>()).add(path);
    }

    public synchronized boolean contains(String path, Watcher watcher) {
        Set<Watcher> set = byPath.get(path);
        return set != null && set.contains(watcher);
    }

    /** Removes one watcher's watch on a path; false if it had none. */
    public synchronized boolean remove(String path, Watcher watcher) {
        Set<Watcher> set = byPath.get(path);
        if (set == null || !set.remove(watcher)) {
            return false;
        }
        if (set.isEmpty()) {
            byPath.remove(path);
        }
        forgetPath(watcher, path);
        return true;
    }

    private void forgetPath(Watcher watcher, String path) {
        Set<String> paths = byWatcher.get(watcher);
        if (paths != null) {
            paths.remove(path);
            if (paths.isEmpty()) {
                byWatcher.remove(watcher);
            }
        }
    }

    /** Forgets every watch of a watcher (its connection closed). */
    public synchronized void removeWatcher(Watcher watcher) {
        Set<String> paths = byWatcher.remove(watcher);
        if (paths == null) {
            return;
        }
        for (String p : paths) {
            Set<Watcher> set = byPath.get(p);
            if (set != null) {
                set.remove(watcher);
                if (set.isEmpty()) {
                    byPath.remove(p);
                }
            }
        }
    }

    /** Removes and returns the watchers of a path, which the caller then notifies. */
    public synchronized Set<Watcher> take(String path) {
        Set<Watcher> set = byPath.remove(path);
        if (set == null) {
            return Set.of();
        }
        for (Watcher w : set) {
            forgetPath(w, path);
        }
        return set;
    }

    public synchronized int watchCount() {
        int n = 0;
        for (Set<Watcher> s : byPath.values()) {
            n += s.size();
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
        byWatcher.forEach((w, p) -> copy.put(w, new ArrayList<>(p)));
        return copy;
    }

    /** Watchers per path, for the wchp four-letter word. */
    public synchronized Map<String, List<Watcher>> watchersByPath() {
        Map<String, List<Watcher>> copy = new HashMap<>();
        byPath.forEach((p, w) -> copy.put(p, new ArrayList<>(w)));
        return copy;
    }
}
