package io.paddock.quorum.link;

import io.paddock.api.proto.Id;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.util.SerializeUtils;

/** ZooKeeper 3.9.3's own writing and reading of the quorum link, the oracle of these tests. */
final class ZooKeeperLink {
    private ZooKeeperLink() {
    }

    /** Packets as a ZooKeeper peer writes them on the quorum socket: records back to back. */
    static byte[] write(List<org.apache.zookeeper.server.quorum.QuorumPacket> packets) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutputArchive out = BinaryOutputArchive.getArchive(bytes);
        for (org.apache.zookeeper.server.quorum.QuorumPacket packet : packets) {
            out.writeRecord(packet, "packet");
        }
        return bytes.toByteArray();
    }

    /**
     * The SNAP step as LearnerHandler.run writes it: the SNAP packet, ZKDatabase.serializeSnapshot
     * (which is SerializeUtils.serializeSnapshot of the tree and its sessions) and the signature,
     * then {@code after}, the packets queued meanwhile.
     */
    static byte[] snapStep(long zxid, DataTree tree, Map<Long, Integer> sessions,
                           List<org.apache.zookeeper.server.quorum.QuorumPacket> after) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutputArchive out = BinaryOutputArchive.getArchive(bytes);
        out.writeRecord(new org.apache.zookeeper.server.quorum.QuorumPacket(PacketType.SNAP, zxid, null, null), "packet");
        SerializeUtils.serializeSnapshot(tree, out, sessions);
        out.writeString("BenWasHere", "signature");
        for (org.apache.zookeeper.server.quorum.QuorumPacket packet : after) {
            out.writeRecord(packet, "packet");
        }
        return bytes.toByteArray();
    }

    /** Reads {@code count} packets from {@code bytes} as a ZooKeeper peer reads its socket. */
    static List<org.apache.zookeeper.server.quorum.QuorumPacket> read(byte[] bytes, int count) throws IOException {
        BinaryInputArchive in = BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes));
        List<org.apache.zookeeper.server.quorum.QuorumPacket> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            org.apache.zookeeper.server.quorum.QuorumPacket packet = new org.apache.zookeeper.server.quorum.QuorumPacket();
            in.readRecord(packet, "packet");
            packets.add(packet);
        }
        return packets;
    }

    static org.apache.zookeeper.server.quorum.QuorumPacket theirs(QuorumPacket p) {
        List<org.apache.zookeeper.data.Id> auth = p.authinfo() == null ? null : p.authinfo().stream()
                .map(id -> new org.apache.zookeeper.data.Id(id.scheme(), id.id())).toList();
        return new org.apache.zookeeper.server.quorum.QuorumPacket(p.type(), p.zxid(), p.data(), auth);
    }

    static QuorumPacket ours(org.apache.zookeeper.server.quorum.QuorumPacket p) {
        List<Id> auth = p.getAuthinfo() == null ? null : p.getAuthinfo().stream()
                .map(id -> new Id(id.getScheme(), id.getId())).toList();
        return new QuorumPacket(p.getType(), p.getZxid(), p.getData(), auth);
    }
}
