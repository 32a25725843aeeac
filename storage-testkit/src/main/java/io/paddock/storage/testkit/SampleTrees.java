package io.paddock.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import io.paddock.api.storage.ZxidDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Snapshot contents as a database hands them over, and a sink that collects a load. */
public final class SampleTrees {
    private SampleTrees() {
    }

    /** A database's state to snapshot: sessions, ACL cache, nodes parent-first, optional digest. */
    public record Tree(Map<Long, Integer> sessions, Map<Long, List<Acl>> acls, List<SnapshotNode> nodes, ZxidDigest digest)
            implements SnapshotData {
        @Override
        public void forEachNode(Consumer<SnapshotNode> visitor) {
            nodes.forEach(visitor);
        }

        public Tree withDigest(ZxidDigest d) {
            return new Tree(sessions, acls, nodes, d);
        }
    }

    /** Records what a load hands over, in order; {@link #digests} counts every digest call. */
    public static final class CollectingSink implements SnapshotSink {
        public final Map<Long, Integer> sessions = new LinkedHashMap<>();
        public final Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        public final List<SnapshotNode> nodes = new ArrayList<>();
        public final List<ZxidDigest> digests = new ArrayList<>();

        @Override
        public void session(long sessionId, int timeout) {
            sessions.put(sessionId, timeout);
        }

        @Override
        public void acl(long ref, List<Acl> acl) {
            acls.put(ref, acl);
        }

        @Override
        public void node(SnapshotNode node) {
            nodes.add(node);
        }

        @Override
        public void digest(ZxidDigest digest) {
            digests.add(digest);
        }
    }

    public static StatPersisted stat(long czxid, long mzxid, int version, int cversion, long ephemeralOwner, long pzxid) {
        return new StatPersisted(czxid, mzxid, 1_700_000_000_000L + czxid, 1_700_000_000_000L + mzxid,
                version, cversion, 0, ephemeralOwner, pzxid);
    }

    /** The nodes every ZooKeeper tree has (protocol.md section 16.5), root first, then {@code extra}. */
    public static List<SnapshotNode> withSystemNodes(List<SnapshotNode> extra) {
        List<SnapshotNode> nodes = new ArrayList<>();
        nodes.add(new SnapshotNode("", new byte[0], -1, stat(0, 0, 0, extra.isEmpty() ? 1 : 2, 0, 0)));
        nodes.add(new SnapshotNode("/zookeeper", new byte[0], -1, stat(0, 0, 0, 0, 0, 0)));
        nodes.add(new SnapshotNode("/zookeeper/config", new byte[0], 1, stat(0, 0, 0, 0, 0, 0)));
        nodes.add(new SnapshotNode("/zookeeper/quota", new byte[0], -1, stat(0, 0, 0, 0, 0, 0)));
        nodes.addAll(extra);
        return nodes;
    }

    /** Two sessions, two ACL cache entries, a node with null data, one with empty data and an ephemeral; no digest. */
    public static Tree sample(long zxid) {
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        sessions.put(SampleTxns.SESSION, 30_000);
        sessions.put(SampleTxns.SESSION + 1, 4_000);
        Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        acls.put(1L, Perms.READ_ACL_UNSAFE);
        acls.put(2L, SampleTxns.DIGEST_ACL);
        List<SnapshotNode> nodes = withSystemNodes(List.of(
                new SnapshotNode("/app", SampleTxns.utf8("v" + zxid), -1, stat(1, zxid, 3, 3, 0, 4)),
                new SnapshotNode("/app/null", null, 2, stat(2, 2, 0, 0, 0, 2)),
                new SnapshotNode("/app/empty", new byte[0], -1, stat(3, 3, 0, 0, 0, 3)),
                new SnapshotNode("/app/eph", SampleTxns.utf8("e"), 2, stat(4, 4, 0, 0, SampleTxns.SESSION, 4)),
                new SnapshotNode("/other", SampleTxns.utf8("ü"), -1, stat(5, 5, 0, 0, 0, 5))));
        return new Tree(sessions, acls, nodes, null);
    }

    /**
     * A tree of {@code nodeCount} nodes besides the system ones, in 100 subtrees, with data up to
     * {@code maxData} bytes, all derived from {@code zxid}, and a digest at {@code zxid}.
     */
    public static Tree large(long zxid, int nodeCount, int maxData) {
        List<SnapshotNode> nodes = new ArrayList<>(nodeCount + 4);
        forEachLargeNode(zxid, nodeCount, maxData, nodes::add);
        return new Tree(largeSessions(), largeAcls(), nodes, largeDigest(zxid));
    }

    /**
     * The same tree as {@link #large}, its nodes made as they are visited rather than held: a
     * write takes longer and needs little memory, which suits a writer that is to be killed mid-write.
     */
    public static SnapshotData largeStreamed(long zxid, int nodeCount, int maxData) {
        return new SnapshotData() {
            @Override
            public Map<Long, Integer> sessions() {
                return largeSessions();
            }

            @Override
            public Map<Long, List<Acl>> acls() {
                return largeAcls();
            }

            @Override
            public void forEachNode(Consumer<SnapshotNode> visitor) {
                forEachLargeNode(zxid, nodeCount, maxData, visitor);
            }

            @Override
            public ZxidDigest digest() {
                return largeDigest(zxid);
            }
        };
    }

    private static Map<Long, Integer> largeSessions() {
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        for (long s = 0; s < 50; s++) {
            sessions.put(SampleTxns.SESSION + s, 4_000 + (int) s);
        }
        return sessions;
    }

    private static Map<Long, List<Acl>> largeAcls() {
        Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        acls.put(1L, Perms.READ_ACL_UNSAFE);
        acls.put(2L, SampleTxns.DIGEST_ACL);
        return acls;
    }

    private static ZxidDigest largeDigest(long zxid) {
        return new ZxidDigest(zxid, 2, SampleTxns.mix(zxid));
    }

    private static void forEachLargeNode(long zxid, int nodeCount, int maxData, Consumer<SnapshotNode> visitor) {
        // The root's stored cversion counts its children (section 16.5): not 1 here, as the tree has some.
        withSystemNodes(List.of(new SnapshotNode("/p0", null, -1, stat(0, 0, 0, 0, 0, 0)))).subList(0, 4).forEach(visitor);
        int parents = 100;
        for (int i = 0; i < nodeCount; i++) {
            long h = SampleTxns.mix(zxid * 1_000_000 + i);
            if (i < parents) {
                visitor.accept(new SnapshotNode("/p" + i, null, -1, stat(i + 1, i + 1, 0, 0, 0, zxid)));
            } else {
                int size = (int) Long.remainderUnsigned(h, maxData + 1);
                visitor.accept(new SnapshotNode("/p" + (i % parents) + "/n" + i, SampleTxns.bytes(h, size), 1 + (h >>> 63),
                        stat(i + 1, zxid, (int) (h & 0xff), 0, (h & 0x100) != 0 ? SampleTxns.SESSION : 0, i + 1)));
            }
        }
    }

    /** Asserts that a load handed over exactly {@code tree}: sessions, ACLs, nodes in order, and its digest or none. */
    public static void assertLoaded(CollectingSink sink, Tree tree) {
        assertThat(sink.sessions).as("sessions").isEqualTo(tree.sessions());
        assertThat(sink.acls).as("ACL cache").isEqualTo(tree.acls());
        assertSameNodes(sink.nodes, tree.nodes());
        if (tree.digest() == null) {
            assertThat(sink.digests).as("digest").isEmpty();
        } else {
            assertThat(sink.digests).as("digest").containsExactly(tree.digest());
        }
    }

    private static void assertSameNodes(List<SnapshotNode> actual, List<SnapshotNode> expected) {
        // Compared one by one rather than recursively: fast enough for large trees, and the
        // first difference names its node.
        assertThat(actual).as("node count").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            SnapshotNode a = actual.get(i);
            SnapshotNode e = expected.get(i);
            assertThat(a.path()).as("path of node %d", i).isEqualTo(e.path());
            if (e.data() == null) {
                assertThat(a.data()).as("data of %s", e.path()).isNull();
            } else if (!Arrays.equals(a.data(), e.data())) {
                assertThat(a.data()).as("data of %s", e.path()).isEqualTo(e.data());
            }
            assertThat(a.aclRef()).as("ACL reference of %s", e.path()).isEqualTo(e.aclRef());
            assertThat(a.stat()).as("stat of %s", e.path()).isEqualTo(e.stat());
        }
    }
}
