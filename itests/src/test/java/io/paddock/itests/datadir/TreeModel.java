package io.paddock.itests.datadir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * What the servers acknowledged, kept by the test as it writes: for every node under the roots it
 * wrote, the data, ACL, versions and ephemeral owner that must be read back, whichever server
 * wrote it and whichever reads it.
 */
final class TreeModel {
    record Node(byte[] data, List<ACL> acl, int version, int aversion, long ephemeralOwner) {

        @Override
        public String toString() {
            return "data=" + TreeDump.render(data) + " acl=" + acl + " version=" + version + " aversion=" + aversion
                    + " ephemeralOwner=0x" + Long.toHexString(ephemeralOwner);
        }
    }

    private final SortedMap<String, Node> nodes = new TreeMap<>();
    private final List<String> roots = new ArrayList<>();

    void created(String path, byte[] data, List<ACL> acl, long ephemeralOwner) {
        if (path.lastIndexOf('/') == 0) {
            roots.add(path);
        }
        nodes.put(path, new Node(data, List.copyOf(acl), 0, 0, ephemeralOwner));
    }

    void dataSet(String path, byte[] data) {
        Node n = node(path);
        nodes.put(path, new Node(data, n.acl, n.version + 1, n.aversion, n.ephemeralOwner));
    }

    void aclSet(String path, List<ACL> acl) {
        Node n = node(path);
        nodes.put(path, new Node(n.data, List.copyOf(acl), n.version, n.aversion + 1, n.ephemeralOwner));
    }

    void deleted(String path) {
        node(path);
        nodes.remove(path);
    }

    /** A closed (or expired) session's ephemerals are deleted with it. */
    void sessionClosed(long sessionId) {
        nodes.values().removeIf(n -> n.ephemeralOwner == sessionId);
    }

    List<String> ephemeralsOf(long sessionId) {
        return nodes.entrySet().stream().filter(e -> e.getValue().ephemeralOwner == sessionId)
                .map(e -> e.getKey()).toList();
    }

    /** Paths at or under {@code root}, in order, so that a seeded choice among them repeats. */
    List<String> pathsUnder(String root) {
        return nodes.keySet().stream().filter(p -> TreeDump.isUnder(p, root)).toList();
    }

    boolean hasChildren(String path) {
        String prefix = path + "/";
        String next = nodes.tailMap(prefix).isEmpty() ? null : nodes.tailMap(prefix).firstKey();
        return next != null && next.startsWith(prefix);
    }

    Node node(String path) {
        Node n = nodes.get(path);
        if (n == null) {
            throw new IllegalStateException("the model has no " + path);
        }
        return n;
    }

    /**
     * One line per difference between the model and what a server shows under the model's roots;
     * empty if none. Nodes elsewhere ({@code /zookeeper}, the root) are not the model's business.
     */
    List<String> differencesFrom(TreeDump dump) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(nodes.keySet());
        dump.nodes().keySet().stream().filter(p -> roots.stream().anyMatch(r -> TreeDump.isUnder(p, r)))
                .forEach(paths::add);
        for (String path : paths) {
            Node want = nodes.get(path);
            TreeDump.Node got = dump.nodes().get(path);
            if (want == null) {
                differences.add(path + ": never acknowledged, but the server has " + got);
            } else if (got == null) {
                differences.add(path + ": acknowledged but missing, expected " + want);
            } else if (!matches(want, got)) {
                differences.add(path + ":\n    expected " + want + "\n    but got  " + got);
            }
        }
        return differences;
    }

    private static boolean matches(Node want, TreeDump.Node got) {
        Stat s = got.stat();
        return Arrays.equals(want.data, got.data()) && want.acl.equals(got.acl()) && want.version == s.getVersion()
                && want.aversion == s.getAversion() && want.ephemeralOwner == s.getEphemeralOwner();
    }
}
