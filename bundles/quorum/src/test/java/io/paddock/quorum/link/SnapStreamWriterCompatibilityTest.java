package io.paddock.quorum.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Perms;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.quorum.wire.PacketType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jute.BinaryInputArchive;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.quorum.QuorumPacket;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our SNAP step against ZooKeeper 3.9.3's LearnerHandler (writing) and Learner.syncWithLeader (reading). */
class SnapStreamWriterCompatibilityTest {
    private static final long ZXID = 0x30000002aL;

    private static byte[] write(SnapStreamWriter writer, io.paddock.api.storage.SnapshotData data, List<ByteBuffer> chunks) {
        writer.write(ZXID, data, chunks::add);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        chunks.forEach(c -> bytes.write(c.array(), c.arrayOffset() + c.position(), c.remaining()));
        return bytes.toByteArray();
    }

    @Test
    void ourStreamOfAZooKeeperTreeIsWhatZooKeeperStreamsByteForByte() throws Exception {
        DataTree tree = ZooKeeperTrees.sample();
        Map<Long, Integer> sessions = ZooKeeperTrees.sessions();

        byte[] ours = write(new SnapStreamWriter(100), ZooKeeperTrees.view(tree, sessions), new ArrayList<>());

        assertThat(ours).isEqualTo(ZooKeeperLink.snapStep(ZXID, tree, sessions, List.of()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, SnapStreamWriter.DEFAULT_CHUNK_SIZE})
    void zooKeeperLoadsOurStreamIntoTheSameTree(int chunkSize) throws Exception {
        SampleSnapshot sample = SampleSnapshot.sample(10_000);
        byte[] stream = write(new SnapStreamWriter(chunkSize), sample, new ArrayList<>());

        // Learner.syncWithLeader: the packet, ZKDatabase.deserializeSnapshot, then the signature.
        ByteArrayInputStream bytes = new ByteArrayInputStream(stream);
        BinaryInputArchive in = BinaryInputArchive.getArchive(bytes);
        QuorumPacket snap = new QuorumPacket();
        in.readRecord(snap, "packet");
        DataTree tree = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        SerializeUtils.deserializeSnapshot(tree, in, sessions);
        String signature = in.readString("signature");

        assertThat(snap.getType()).isEqualTo(PacketType.SNAP);
        assertThat(snap.getZxid()).isEqualTo(ZXID);
        assertThat(snap.getData()).isNull();
        assertThat(signature).isEqualTo("BenWasHere");
        assertThat(bytes.available()).as("bytes after the signature").isZero();
        assertThat(sessions).isEqualTo(sample.sessions());
        assertSameTree(tree, sample);
    }

    /** Node set, data, resolved ACLs, stats and ephemerals of ZooKeeper's loaded tree against ours. */
    private static void assertSameTree(DataTree tree, SampleSnapshot sample) {
        Set<String> loaded = new HashSet<>();
        collectPaths(tree, "", loaded);
        assertThat(loaded).containsExactlyInAnyOrderElementsOf(sample.nodes().stream().map(SnapshotNode::path).toList());
        for (SnapshotNode node : sample.nodes()) {
            DataNode theirs = tree.getNode(node.path());
            assertThat(theirs.getData()).as("data of %s", node.path()).isEqualTo(node.data());
            assertThat(ZooKeeperTrees.ours(theirs.stat)).as("stat of %s", node.path()).isEqualTo(node.stat());
            List<Acl> acl = node.aclRef() == -1 ? Perms.OPEN_ACL_UNSAFE : sample.acls().get(node.aclRef());
            assertThat(ZooKeeperTrees.ours(tree.getACL(theirs))).as("ACL of %s", node.path()).isEqualTo(acl);
        }
        assertThat(tree.getEphemerals(SampleSnapshot.SESSION)).containsExactlyInAnyOrder("/svc/lock", "/box/in");
        assertThat(tree.getEphemerals(SampleSnapshot.OTHER_SESSION)).containsExactly("/eph");
        assertThat(tree.getContainers()).containsExactly("/box");
        // ZooKeeper drops cache entries no node uses once it has loaded the tree (purgeUnused).
        assertThat(tree.getReferenceCountedAclCache().size()).isEqualTo(3);
    }

    private static void collectPaths(DataTree tree, String path, Set<String> paths) {
        paths.add(path);
        for (String child : tree.getNode(path).getChildren()) {
            collectPaths(tree, path + "/" + child, paths);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 1000})
    void everyChunkButTheLastIsFullAndEachIsANewBuffer(int chunkSize) {
        List<ByteBuffer> chunks = new ArrayList<>();
        byte[] stream = write(new SnapStreamWriter(chunkSize), SampleSnapshot.sample(10_000), chunks);

        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.remaining()).isEqualTo(chunkSize));
        assertThat(chunks.get(chunks.size() - 1).remaining()).isBetween(1, chunkSize);
        assertThat(chunks.stream().map(ByteBuffer::array).collect(Collectors.toSet())).hasSameSizeAs(chunks);
        assertThat(stream.length).isGreaterThan(10_000);
    }

    @Test
    void ourStreamDecodesBackToWhatWasWritten() {
        SampleSnapshot sample = SampleSnapshot.sample(3_000);
        byte[] stream = write(new SnapStreamWriter(), sample, new ArrayList<>());
        LinkDecoder decoder = LinkDecoder.fromLeader();

        List<LinkItem> items = Chunking.random(3, 50).feed(decoder, stream);
        decoder.end();

        List<LinkItem> expected = new ArrayList<>();
        expected.add(new LinkItem.Packet(io.paddock.quorum.wire.QuorumPacket.of(PacketType.SNAP, ZXID)));
        sample.sessions().forEach((id, timeout) -> expected.add(new LinkItem.Session(id, timeout)));
        sample.acls().forEach((ref, acl) -> expected.add(new LinkItem.AclEntry(ref, acl)));
        sample.nodes().forEach(node -> expected.add(new LinkItem.Node(node)));
        expected.add(new LinkItem.SnapshotEnd(3, 4, sample.nodes().size()));
        assertThat(items).usingRecursiveFieldByFieldElementComparator(ByContent.BYTES).containsExactlyElementsOf(expected);
    }

    @Test
    void aMissingAclListIsWrittenEmptyBecauseZooKeeperRefusesANullOne() throws Exception {
        SampleSnapshot sample = SampleSnapshot.sample(0);
        Map<Long, List<Acl>> acls = new HashMap<>(sample.acls());
        acls.put(9L, null);
        byte[] stream = write(new SnapStreamWriter(), new SampleSnapshot(sample.sessions(), acls, sample.nodes()),
                new ArrayList<>());

        List<LinkItem> items = Chunking.whole().feed(LinkDecoder.fromLeader(), stream);

        assertThat(items).contains(new LinkItem.AclEntry(9, List.of()));
    }

    @Test
    void aTreeThatDoesNotStartAtTheRootIsRefused() {
        SampleSnapshot sample = SampleSnapshot.sample(0);
        SampleSnapshot rootless = new SampleSnapshot(sample.sessions(), sample.acls(), sample.nodes().subList(1, 4));

        assertThatThrownBy(() -> new SnapStreamWriter().write(ZXID, rootless, chunk -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot node path \"/zookeeper\" comes first, where the root \"\" must");
    }

    @Test
    void theEndMarkerOrARelativePathAsANodeIsRefused() {
        SampleSnapshot sample = SampleSnapshot.sample(0);
        for (String bad : new String[] {"/", "", "svc"}) {
            List<SnapshotNode> nodes = new ArrayList<>(sample.nodes());
            nodes.add(new SnapshotNode(bad, null, -1, sample.nodes().get(1).stat()));
            SampleSnapshot broken = new SampleSnapshot(sample.sessions(), sample.acls(), nodes);

            assertThatThrownBy(() -> new SnapStreamWriter().write(ZXID, broken, chunk -> { }))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("snapshot node path \"" + bad + "\" is not a path below the root");
        }
    }
}
