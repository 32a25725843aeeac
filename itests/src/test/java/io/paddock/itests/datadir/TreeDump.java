package io.paddock.itests.datadir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/** Every node of a tree as the stock client reads it: data, the full Stat and the ACL, by path. */
record TreeDump(SortedMap<String, Node> nodes) {

    /** One node; {@code data} is null when the node holds null data (which is not empty data). */
    record Node(byte[] data, Stat stat, List<ACL> acl) {

        boolean sameAs(Node other) {
            return Arrays.equals(data, other.data) && stat.equals(other.stat) && acl.equals(other.acl);
        }

        @Override
        public String toString() {
            return "data=" + render(data) + " stat={" + render(stat) + "} acl=" + acl;
        }
    }

    TreeDump {
        nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
    }

    /** Reads the whole tree from the root; the handle must be allowed to read everything (super). */
    static TreeDump read(ZooKeeper zk) throws KeeperException, InterruptedException {
        SortedMap<String, Node> nodes = new TreeMap<>();
        readInto(zk, "/", nodes);
        return new TreeDump(nodes);
    }

    private static void readInto(ZooKeeper zk, String path, SortedMap<String, Node> nodes)
            throws KeeperException, InterruptedException {
        Stat stat = new Stat();
        byte[] data = zk.getData(path, false, stat);
        List<ACL> acl = zk.getACL(path, new Stat());
        nodes.put(path, new Node(data, stat, List.copyOf(acl)));
        for (String child : new TreeSet<>(zk.getChildren(path, false))) {
            readInto(zk, path.equals("/") ? "/" + child : path + "/" + child, nodes);
        }
    }

    /** The largest zxid any node of the tree carries. */
    long maxZxid() {
        return nodes.values().stream().mapToLong(n -> Math.max(n.stat.getCzxid(),
                Math.max(n.stat.getMzxid(), n.stat.getPzxid()))).max().orElse(0);
    }

    /** The smallest czxid of the nodes at or under {@code root}. */
    long minCzxidUnder(String root) {
        return nodes.entrySet().stream().filter(e -> isUnder(e.getKey(), root))
                .mapToLong(e -> e.getValue().stat.getCzxid()).min()
                .orElseThrow(() -> new IllegalArgumentException("no node under " + root));
    }

    /** One line per difference from {@code expected}, naming the path and both sides; empty if none. */
    List<String> differencesFrom(TreeDump expected) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(expected.nodes.keySet());
        paths.addAll(nodes.keySet());
        for (String path : paths) {
            Node want = expected.nodes.get(path);
            Node got = nodes.get(path);
            if (want == null) {
                differences.add(path + ": unexpected node " + got);
            } else if (got == null) {
                differences.add(path + ": missing, expected " + want);
            } else if (!got.sameAs(want)) {
                differences.add(path + ":\n    expected " + want + "\n    but got  " + got);
            }
        }
        return differences;
    }

    static boolean isUnder(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    static String render(byte[] data) {
        if (data == null) {
            return "null";
        }
        if (data.length <= 32) {
            return "'" + new String(data, StandardCharsets.ISO_8859_1) + "'";
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        return data.length + " bytes, crc32 " + Long.toHexString(crc.getValue());
    }

    /** All eleven fields, named, zxids and the owner in hex. */
    static String render(Stat s) {
        return "czxid=" + hex(s.getCzxid()) + " mzxid=" + hex(s.getMzxid()) + " pzxid=" + hex(s.getPzxid())
                + " ctime=" + s.getCtime() + " mtime=" + s.getMtime() + " version=" + s.getVersion()
                + " cversion=" + s.getCversion() + " aversion=" + s.getAversion()
                + " ephemeralOwner=" + hex(s.getEphemeralOwner()) + " dataLength=" + s.getDataLength()
                + " numChildren=" + s.getNumChildren();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** For an assertion's description: how many nodes, so that an empty diff of an empty tree shows. */
    @Override
    public String toString() {
        return nodes.size() + " nodes";
    }
}
