package io.paddock.storage.rocksdb;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Snapshot contents for tests: a small tree as a database would hand it over, and a sink that collects a load. */
final class SnapshotFixture {
    private SnapshotFixture() {
    }

    record Tree(Map<Long, Integer> sessions, Map<Long, List<Acl>> acls, List<SnapshotNode> nodes) implements SnapshotData {
        @Override
        public void forEachNode(Consumer<SnapshotNode> visitor) {
            nodes.forEach(visitor);
        }
    }

    static final class CollectingSink implements SnapshotSink {
        final Map<Long, Integer> sessions = new LinkedHashMap<>();
        final Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        final List<SnapshotNode> nodes = new ArrayList<>();

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
    }

    static final long SESSION = 0x1000_0000_0001L;
    static final List<Acl> DIGEST_ACL = List.of(new Acl(Perms.READ | Perms.WRITE, new Id("digest", "alice:HASH=")),
            new Acl(Perms.READ, Perms.ANYONE));

    static StatPersisted stat(long czxid, long mzxid, int version, int cversion, long ephemeralOwner, long pzxid) {
        return new StatPersisted(czxid, mzxid, 1_700_000_000_000L + czxid, 1_700_000_000_000L + mzxid,
                version, cversion, 0, ephemeralOwner, pzxid);
    }

    /** The nodes every ZooKeeper tree has, as ZooKeeper stores them (section 16.5), plus {@code extra}. */
    static List<SnapshotNode> withSystemNodes(List<SnapshotNode> extra) {
        List<SnapshotNode> nodes = new ArrayList<>();
        nodes.add(new SnapshotNode("", new byte[0], -1, stat(0, 0, 0, extra.isEmpty() ? 1 : 2, 0, 0)));
        nodes.add(new SnapshotNode("/zookeeper", new byte[0], -1, stat(0, 0, 0, 0, 0, 0)));
        nodes.add(new SnapshotNode("/zookeeper/config", new byte[0], 1, stat(0, 0, 0, 0, 0, 0)));
        nodes.add(new SnapshotNode("/zookeeper/quota", new byte[0], -1, stat(0, 0, 0, 0, 0, 0)));
        nodes.addAll(extra);
        return nodes;
    }

    /** A tree with a session, two ACL cache entries, a node with null data, one with empty data and an ephemeral. */
    static Tree sample(long zxid) {
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        sessions.put(SESSION, 30_000);
        sessions.put(SESSION + 1, 4_000);
        Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        acls.put(1L, Perms.READ_ACL_UNSAFE);
        acls.put(2L, DIGEST_ACL);
        List<SnapshotNode> nodes = withSystemNodes(List.of(
                new SnapshotNode("/app", ("v" + zxid).getBytes(StandardCharsets.UTF_8), -1, stat(1, zxid, 3, 3, 0, 4)),
                new SnapshotNode("/app/null", null, 2, stat(2, 2, 0, 0, 0, 2)),
                new SnapshotNode("/app/empty", new byte[0], -1, stat(3, 3, 0, 0, 0, 3)),
                new SnapshotNode("/app/eph", "e".getBytes(StandardCharsets.UTF_8), 2, stat(4, 4, 0, 0, SESSION, 4)),
                new SnapshotNode("/other", "ü".getBytes(StandardCharsets.UTF_8), -1, stat(5, 5, 0, 0, 0, 5))));
        return new Tree(sessions, acls, nodes);
    }
}
