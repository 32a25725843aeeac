package io.paddock.quorum.link;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a leader's SNAP sync step as ZooKeeper 3.9.3's {@code LearnerHandler} does
 * (bundles/quorum/SNAP-STREAM.md): the SNAP packet, then the snapshot body of
 * {@code SerializeUtils.serializeSnapshot} (sessions, ACL cache, nodes parent-first with the root
 * as "", the "/" end marker), then the "BenWasHere" signature. There is no file header, checksum,
 * digest or lastProcessedZxid section, unlike a snapshot file (protocol.md section 16.5).
 *
 * <p>The bytes go to a consumer in chunks of a fixed size, so a large tree is never one buffer.
 * Each chunk belongs to the consumer; one that sends it with {@code Connection.sendRaw} may wait
 * for the connection's queue to drain before returning, which keeps a slow learner from making
 * the leader queue the whole tree.
 *
 * <p>The record layout is the one storage-file's {@code SnapshotFileWriter} writes between its
 * header and its seal; that writer is private to its bundle and writes to a file, so the layout
 * is written again here, from the same api records.
 */
public final class SnapStreamWriter {
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    private final int chunkSize;

    public SnapStreamWriter() {
        this(DEFAULT_CHUNK_SIZE);
    }

    /** @param chunkSize the size of every chunk but the last */
    public SnapStreamWriter(int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    /**
     * Writes the SNAP packet for {@code zxid} (the last zxid applied to the tree when the walk
     * starts: the snapshot is fuzzy, section 16.5), then {@code data}, then the signature.
     *
     * @return the number of nodes written
     * @throws IllegalArgumentException if the first node is not the root "" or a later path does
     *                                  not start with "/", which no learner could load
     */
    public long write(long zxid, SnapshotData data, Consumer<ByteBuffer> out) {
        ChunkedOutput chunks = new ChunkedOutput(chunkSize, out);
        chunks.write(LinkEncoder.encode(QuorumPacket.of(PacketType.SNAP, zxid)));
        writeSessions(chunks, data.sessions());
        writeAcls(chunks, data.acls());
        long[] nodes = {0};
        data.forEachNode(node -> writeNode(chunks, node, nodes[0]++ == 0));
        writeString(chunks, "/");
        writeString(chunks, LinkDecoder.SIGNATURE);
        chunks.flush();
        return nodes[0];
    }

    private static void writeSessions(ChunkedOutput out, Map<Long, Integer> sessions) {
        out.writeInt(sessions.size());
        for (Map.Entry<Long, Integer> session : sessions.entrySet()) {
            out.writeLong(session.getKey());
            out.writeInt(session.getValue());
        }
    }

    private static void writeAcls(ChunkedOutput out, Map<Long, List<Acl>> acls) {
        out.writeInt(acls.size());
        for (Map.Entry<Long, List<Acl>> entry : acls.entrySet()) {
            // ZooKeeper's reader refuses a null list here ("missing acls"), so none is written empty.
            List<Acl> acl = entry.getValue() == null ? List.of() : entry.getValue();
            JuteOutput record = new JuteOutput(16 + 32 * acl.size());
            record.writeLong(entry.getKey());
            record.writeVector(acl, JuteOutput::write);
            out.write(record.toByteBuffer());
        }
    }

    private static void writeNode(ChunkedOutput out, SnapshotNode node, boolean first) {
        String path = node.path();
        if (first ? !"".equals(path) : path == null || !path.startsWith("/") || path.equals("/")) {
            throw new IllegalArgumentException("snapshot node path " + (path == null ? "null" : "\"" + path + "\"")
                    + (first ? " comes first, where the root \"\" must" : " is not a path below the root"));
        }
        byte[] data = node.data();
        JuteOutput head = new JuteOutput(8 + 3 * path.length());
        head.writeString(path);
        head.writeInt(data == null ? -1 : data.length);
        out.write(head.toByteBuffer());
        // The data goes straight into the chunks rather than through a record-sized copy.
        if (data != null) {
            out.write(ByteBuffer.wrap(data));
        }
        JuteOutput tail = new JuteOutput(72);
        tail.writeLong(node.aclRef());
        node.stat().write(tail);
        out.write(tail.toByteBuffer());
    }

    private static void writeString(ChunkedOutput out, String s) {
        out.write(new JuteOutput(16).writeString(s).toByteBuffer());
    }
}
