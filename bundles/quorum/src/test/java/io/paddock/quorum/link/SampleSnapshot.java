package io.paddock.quorum.link;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A database's state as our side hands it to the SNAP writer, built without ZooKeeper. */
record SampleSnapshot(Map<Long, Integer> sessions, Map<Long, List<Acl>> acls, List<SnapshotNode> nodes)
        implements SnapshotData {
    static final long SESSION = 0x2000000abL;
    static final long OTHER_SESSION = 0x2000000cdL;
    static final long CONTAINER = Long.MIN_VALUE;
    static final List<Acl> DIGEST = List.of(new Acl(Perms.ALL, new Id("digest", "alice:AbC=")));
    static final List<Acl> MIXED = List.of(new Acl(Perms.READ, new Id("world", "anyone")),
            new Acl(Perms.WRITE | Perms.DELETE, new Id("ip", "192.168.0.0/16")));

    @Override
    public void forEachNode(Consumer<SnapshotNode> visitor) {
        nodes.forEach(visitor);
    }

    /**
     * Nodes in pre-order four deep with null, empty and large data, ephemerals of two sessions and a
     * container; ACL cache entries 1, 2 and 5 in use and 9 unused (ZooKeeper drops that one on load).
     */
    static SampleSnapshot sample(int largeData) {
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        sessions.put(SESSION, 30_000);
        sessions.put(OTHER_SESSION, 5_000);
        sessions.put(0x2000000efL, 40_000);
        Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        acls.put(1L, Perms.READ_ACL_UNSAFE);
        acls.put(2L, DIGEST);
        acls.put(5L, MIXED);
        acls.put(9L, List.of(new Acl(Perms.ADMIN, new Id("sasl", "zoë"))));
        byte[] large = new byte[largeData];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        List<SnapshotNode> nodes = List.of(
                node("", new byte[0], -1, stat(0, 0, 0, 3, 0, 12)),
                node("/zookeeper", new byte[0], -1, stat(0, 0, 0, 0, 0, 0)),
                node("/zookeeper/quota", new byte[0], -1, stat(0, 0, 0, 0, 0, 0)),
                node("/zookeeper/config", new byte[0], 1, stat(0, 0, -1, 0, 0, 0)),
                node("/svc", utf8("svc"), 2, stat(1, 9, 2, 2, 0, 6)),
                node("/svc/x", null, 5, stat(2, 2, 0, 1, 0, 3)),
                node("/svc/x/y", new byte[0], -1, stat(3, 3, 0, 1, 0, 4)),
                node("/svc/x/y/z", large, 2, stat(4, 10, 1, 0, 0, 4)),
                node("/svc/lock", utf8("owner"), -1, stat(6, 6, 0, 0, SESSION, 6)),
                node("/eph", null, 5, stat(7, 7, 0, 0, OTHER_SESSION, 7)),
                node("/box", null, -1, stat(8, 8, 0, 1, CONTAINER, 12)),
                node("/box/in", utf8("ü"), 1, stat(12, 12, 0, 0, SESSION, 12)));
        return new SampleSnapshot(sessions, acls, nodes);
    }

    private static SnapshotNode node(String path, byte[] data, long aclRef, StatPersisted stat) {
        return new SnapshotNode(path, data, aclRef, stat);
    }

    private static StatPersisted stat(long czxid, long mzxid, int version, int cversion, long owner, long pzxid) {
        return new StatPersisted(czxid, mzxid, 1_700_000_000_000L + czxid, 1_700_000_000_000L + mzxid,
                version, cversion, (int) (czxid % 3), owner, pzxid);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
