package io.paddock.quorum.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Acl;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The snapshot after SNAP as ZooKeeper 3.9.3's LearnerHandler streams it, read by our decoder. */
class LinkDecoderSnapshotCompatibilityTest {
    private static final long ZXID = 0x10000000fL;

    static Stream<Chunking> chunkings() {
        return Chunking.all();
    }

    /** The packets the leader queued while it wrote the snapshot, read after it. */
    private static List<org.apache.zookeeper.server.quorum.QuorumPacket> queuedAfter() {
        return List.of(
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.PROPOSAL, ZXID + 1, new byte[] {1, 2}, null),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.COMMIT, ZXID + 1, null, null),
                new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.NEWLEADER, 0x200000000L,
                        ZooKeeperTrees.utf8("server.1=a:1:2:participant\nversion=0"), null));
    }

    /** What the decoder must hand out: ZooKeeper's tree as written, then the queued packets. */
    private static List<LinkItem> expected(SnapshotData tree, List<org.apache.zookeeper.server.quorum.QuorumPacket> after) {
        List<LinkItem> items = new ArrayList<>();
        items.add(new LinkItem.Packet(QuorumPacket.of(PacketType.SNAP, ZXID)));
        tree.sessions().forEach((id, timeout) -> items.add(new LinkItem.Session(id, timeout)));
        tree.acls().forEach((ref, acl) -> items.add(new LinkItem.AclEntry(ref, acl)));
        List<SnapshotNode> nodes = new ArrayList<>();
        tree.forEachNode(nodes::add);
        nodes.forEach(node -> items.add(new LinkItem.Node(node)));
        items.add(new LinkItem.SnapshotEnd(tree.sessions().size(), tree.acls().size(), nodes.size()));
        after.forEach(p -> items.add(new LinkItem.Packet(ZooKeeperLink.ours(p))));
        return items;
    }

    @ParameterizedTest
    @MethodSource("chunkings")
    void aSnapshotZooKeeperStreamsDecodesToItsSessionsAclsAndNodesHoweverTheStreamIsCut(Chunking chunking)
            throws Exception {
        DataTree tree = ZooKeeperTrees.sample();
        Map<Long, Integer> sessions = ZooKeeperTrees.sessions();
        byte[] stream = ZooKeeperLink.snapStep(ZXID, tree, sessions, queuedAfter());
        LinkDecoder decoder = LinkDecoder.fromLeader();

        List<LinkItem> items = chunking.feed(decoder, stream);
        decoder.end();

        assertThat(items).usingRecursiveFieldByFieldElementComparator(ByContent.BYTES)
                .containsExactlyElementsOf(expected(ZooKeeperTrees.view(tree, sessions), queuedAfter()));
    }

    @Test
    void theDecodedSnapshotHoldsWhatTheTreeWasBuiltWith() throws Exception {
        DataTree tree = ZooKeeperTrees.sample();
        CollectingSink sink = new CollectingSink();
        List<LinkItem> items = Chunking.random(7, 64).feed(LinkDecoder.fromLeader(),
                ZooKeeperLink.snapStep(ZXID, tree, ZooKeeperTrees.sessions(), List.of()));

        items.stream().filter(LinkItem.SnapshotPart.class::isInstance)
                .forEach(part -> ((LinkItem.SnapshotPart) part).into(sink));

        assertThat(sink.sessions).isEqualTo(ZooKeeperTrees.sessions());
        // READ_ACL_UNSAFE (of /zookeeper/config and /app/a/b/c/d), OPEN_ACL_UNSAFE, the digest ACL and
        // the mixed one: a node created with OPEN_ACL_UNSAFE gets a cache entry like any other list;
        // only the nodes DataTree makes itself have reference -1.
        assertThat(sink.acls).hasSize(tree.getReferenceCountedAclCache().size()).hasSize(4)
                .containsValues(ZooKeeperTrees.ours(ZooDefs.Ids.OPEN_ACL_UNSAFE),
                        ZooKeeperTrees.ours(ZooKeeperTrees.DIGEST_ACL), ZooKeeperTrees.ours(ZooKeeperTrees.MIXED_ACL));
        assertThat(sink.nodes.keySet()).containsExactlyInAnyOrder("", "/zookeeper", "/zookeeper/quota",
                "/zookeeper/config", "/app", "/app/a", "/app/a/b", "/app/a/b/c", "/app/a/b/c/d", "/app/eph",
                "/app/a/eph", "/eph", "/box", "/box/item");
        assertThat(sink.nodes.get("/app/a/b").data()).isNull();
        assertThat(sink.nodes.get("/app/a/b/c").data()).isEmpty();
        assertThat(sink.nodes.get("/app").data()).asString().isEqualTo("app v2");
        assertThat(sink.nodes.get("/app").stat().version()).isEqualTo(2);
        assertThat(sink.nodes.get("/app/a").stat().aversion()).isEqualTo(2);
        assertThat(sink.acls.get(sink.nodes.get("/app/a").aclRef())).isEqualTo(ZooKeeperTrees.ours(ZooKeeperTrees.DIGEST_ACL));
        assertThat(sink.acls.get(sink.nodes.get("/app").aclRef())).isEqualTo(ZooKeeperTrees.ours(ZooDefs.Ids.OPEN_ACL_UNSAFE));
        assertThat(sink.nodes.get("").aclRef()).isEqualTo(-1);
        assertThat(sink.nodes.get("/app/eph").stat().ephemeralOwner()).isEqualTo(ZooKeeperTrees.SESSION_A);
        assertThat(sink.nodes.get("/app/a/eph").stat().ephemeralOwner()).isEqualTo(ZooKeeperTrees.SESSION_B);
        assertThat(sink.nodes.get("/box").stat().ephemeralOwner()).isEqualTo(EphemeralType.CONTAINER_EPHEMERAL_OWNER);
        for (Map.Entry<String, SnapshotNode> node : sink.nodes.entrySet()) {
            assertThat(node.getValue().stat()).as(node.getKey())
                    .isEqualTo(ZooKeeperTrees.ours(tree.getNode(node.getKey()).stat));
        }
    }

    @Test
    void aSnapshotOfAnEmptyDatabaseHasTheSystemNodesAndNoSessions() throws Exception {
        DataTree tree = new DataTree();
        List<LinkItem> items = Chunking.oneByte().feed(LinkDecoder.fromLeader(),
                ZooKeeperLink.snapStep(ZXID, tree, Map.of(), List.of()));

        assertThat(items).last().isEqualTo(new LinkItem.SnapshotEnd(0, 1, 4));
        assertThat(items).filteredOn(LinkItem.Node.class::isInstance)
                .extracting(item -> ((LinkItem.Node) item).node().path())
                .containsExactlyInAnyOrder("", "/zookeeper", "/zookeeper/quota", "/zookeeper/config")
                .first().isEqualTo("");
    }

    @Test
    void twoSnapshotsInARowAreEachCountedOnTheirOwn() throws Exception {
        byte[] one = ZooKeeperLink.snapStep(ZXID, new DataTree(), Map.of(), List.of());
        byte[] two = ZooKeeperLink.snapStep(ZXID, ZooKeeperTrees.sample(), ZooKeeperTrees.sessions(), List.of());
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);

        List<LinkItem> items = Chunking.whole().feed(LinkDecoder.fromLeader(), both);

        assertThat(items).filteredOn(LinkItem.SnapshotEnd.class::isInstance)
                .containsExactly(new LinkItem.SnapshotEnd(0, 1, 4), new LinkItem.SnapshotEnd(3, 4, 14));
    }

    /** Keeps what a load hands over, nodes by path. */
    static final class CollectingSink implements SnapshotSink {
        final Map<Long, Integer> sessions = new LinkedHashMap<>();
        final Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        final Map<String, SnapshotNode> nodes = new LinkedHashMap<>();

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
            nodes.put(node.path(), node);
        }
    }
}
