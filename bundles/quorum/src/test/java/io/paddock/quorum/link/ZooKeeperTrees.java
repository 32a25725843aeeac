package io.paddock.quorum.link;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;
import org.apache.zookeeper.server.ReferenceCountedACLCache;

/** ZooKeeper 3.9.3 data trees for the snapshot tests, and what they hold in our terms. */
final class ZooKeeperTrees {
    static final long SESSION_A = 0x1000000a1L;
    static final long SESSION_B = 0x1000000b2L;
    static final List<ACL> DIGEST_ACL = List.of(new ACL(ZooDefs.Perms.ALL, new org.apache.zookeeper.data.Id("digest", "bob:x1y2")));
    static final List<ACL> MIXED_ACL = List.of(
            new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, new org.apache.zookeeper.data.Id("ip", "10.0.0.0/8")),
            new ACL(ZooDefs.Perms.ADMIN, new org.apache.zookeeper.data.Id("world", "anyone")),
            new ACL(ZooDefs.Perms.READ, new org.apache.zookeeper.data.Id("sasl", "zoë")));

    private ZooKeeperTrees() {
    }

    /** Three sessions, two of them owning ephemerals. */
    static Map<Long, Integer> sessions() {
        return Map.of(SESSION_A, 30_000, SESSION_B, 4_000, 0x1000000c3L, 12_000);
    }

    /**
     * A tree with nesting four deep, null and empty data, ephemerals of two sessions, a container,
     * four distinct ACLs (open, read-only from /zookeeper/config, digest, mixed) and nodes whose
     * version, cversion and aversion have moved.
     */
    static DataTree sample() throws Exception {
        DataTree tree = new DataTree();
        long zxid = 0x100000000L;
        long time = 1_700_000_000_000L;
        tree.createNode("/app", utf8("app"), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        tree.createNode("/app/a", utf8("a"), DIGEST_ACL, 0, -1, ++zxid, time++);
        tree.createNode("/app/a/b", null, MIXED_ACL, 0, -1, ++zxid, time++);
        tree.createNode("/app/a/b/c", new byte[0], DIGEST_ACL, 0, -1, ++zxid, time++);
        tree.createNode("/app/a/b/c/d", utf8("deep"), ZooDefs.Ids.READ_ACL_UNSAFE, 0, -1, ++zxid, time++);
        tree.createNode("/app/eph", utf8("mine"), ZooDefs.Ids.OPEN_ACL_UNSAFE, SESSION_A, -1, ++zxid, time++);
        tree.createNode("/app/a/eph", null, MIXED_ACL, SESSION_B, -1, ++zxid, time++);
        tree.createNode("/eph", utf8("e"), DIGEST_ACL, SESSION_A, -1, ++zxid, time++);
        tree.createNode("/box", new byte[300], ZooDefs.Ids.OPEN_ACL_UNSAFE, EphemeralType.CONTAINER_EPHEMERAL_OWNER, -1,
                ++zxid, time++);
        tree.createNode("/box/item", utf8("ü"), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        tree.setData("/app", utf8("app v1"), 1, ++zxid, time++);
        tree.setData("/app", utf8("app v2"), 2, ++zxid, time++);
        tree.setACL("/app/a", MIXED_ACL, 1);
        tree.setACL("/app/a", DIGEST_ACL, 2);
        tree.deleteNode("/app/eph", ++zxid);
        tree.createNode("/app/eph", utf8("again"), ZooDefs.Ids.OPEN_ACL_UNSAFE, SESSION_A, -1, ++zxid, time++);
        return tree;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a ZooKeeper tree holds, as our snapshot model sees it, in the order ZooKeeper writes it:
     * sessions in the order of the HashMap SerializeUtils copies them into, the ACL cache in the
     * order of the HashMap ReferenceCountedACLCache copies it into, and nodes in DataTree's
     * pre-order walk over each node's child set. The ACL cache map and a node's cache reference
     * are not public in ZooKeeper, so they are read reflectively.
     */
    static SnapshotData view(DataTree tree, Map<Long, Integer> sessions) {
        return new SnapshotData() {
            @Override
            public Map<Long, Integer> sessions() {
                return new LinkedHashMap<>(new HashMap<>(sessions));
            }

            @Override
            public Map<Long, List<Acl>> acls() {
                Map<Long, List<Acl>> acls = new LinkedHashMap<>();
                new HashMap<>(aclCache(tree)).forEach((ref, acl) -> acls.put(ref, ours(acl)));
                return acls;
            }

            @Override
            public void forEachNode(Consumer<SnapshotNode> visitor) {
                walk(tree, "", visitor);
            }
        };
    }

    private static void walk(DataTree tree, String path, Consumer<SnapshotNode> visitor) {
        DataNode node = tree.getNode(path);
        visitor.accept(new SnapshotNode(path, node.getData(), aclRef(node), ours(node.stat)));
        for (String child : node.getChildren().toArray(new String[0])) {
            walk(tree, path + "/" + child, visitor);
        }
    }

    static List<Acl> ours(List<ACL> acl) {
        return acl.stream().map(a -> new Acl(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId()))).toList();
    }

    static StatPersisted ours(org.apache.zookeeper.data.StatPersisted s) {
        return new StatPersisted(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(), s.getVersion(),
                s.getCversion(), s.getAversion(), s.getEphemeralOwner(), s.getPzxid());
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, List<ACL>> aclCache(DataTree tree) {
        return (Map<Long, List<ACL>>) field(ReferenceCountedACLCache.class, "longKeyMap", tree.getReferenceCountedAclCache());
    }

    private static long aclRef(DataNode node) {
        return (Long) field(DataNode.class, "acl", node);
    }

    private static Object field(Class<?> type, String name, Object owner) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("ZooKeeper 3.9.3 has no field " + type.getSimpleName() + "." + name, e);
        }
    }
}
