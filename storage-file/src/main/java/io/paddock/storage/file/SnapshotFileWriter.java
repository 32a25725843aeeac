package io.paddock.storage.file;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.api.storage.SnapshotNode;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CheckedOutputStream;

/**
 * Writes one uncompressed snapshot file in ZooKeeper's layout (protocol.md section 16.5): header,
 * sessions, ACL cache, nodes pre-order, the "/" end marker and one seal, then, if the database
 * keeps a tree digest, the 3.6+ digest and 3.9+ lastProcessedZxid sections as ZooKeeper 3.9
 * writes them. Every ZooKeeper reader accepts a file without them.
 */
final class SnapshotFileWriter {
    /** Writes and syncs the snapshot of {@code data} into {@code file}; returns the number of nodes. */
    long write(Path file, SnapshotData data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            CheckedOutputStream checked = new CheckedOutputStream(Channels.newOutputStream(ch), new Adler32());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, FileInput.BUFFER_SIZE));
            FileHeader.SNAPSHOT.write(out);
            writeSessions(out, data.sessions());
            writeAcls(out, data.acls());
            long nodes = writeNodes(out, data);
            SnapshotSeal.writeSlash(out);
            SnapshotSeal.write(out, checked);
            writeDigest(out, checked, data.digest());
            out.flush();
            ch.force(true);
            return nodes;
        }
    }

    /**
     * The 3.6+ ZxidDigest section and the 3.9+ lastProcessedZxid section, each sealed. Both
     * belong to the last txn applied when the nodes were done, so both carry the digest's zxid.
     */
    private static void writeDigest(DataOutputStream out, CheckedOutputStream checked, ZxidDigest digest)
            throws IOException {
        if (digest == null) {
            return;
        }
        out.writeLong(digest.zxid());
        out.writeInt(digest.version());
        out.writeLong(digest.digest());
        SnapshotSeal.write(out, checked);
        out.writeLong(digest.zxid());
        SnapshotSeal.write(out, checked);
    }

    private static void writeSessions(DataOutputStream out, Map<Long, Integer> sessions) throws IOException {
        out.writeInt(sessions.size());
        for (Map.Entry<Long, Integer> s : sessions.entrySet()) {
            out.writeLong(s.getKey());
            out.writeInt(s.getValue());
        }
    }

    private static void writeAcls(DataOutputStream out, Map<Long, List<Acl>> acls) throws IOException {
        out.writeInt(acls.size());
        for (Map.Entry<Long, List<Acl>> e : acls.entrySet()) {
            // ZooKeeper's reader refuses a null vector here, so a missing list is written empty.
            List<Acl> list = e.getValue() == null ? List.of() : e.getValue();
            JuteOutput j = new JuteOutput(64);
            j.writeLong(e.getKey());
            j.writeVector(list, (o, a) -> a.write(o));
            write(out, j);
        }
    }

    private static long writeNodes(DataOutputStream out, SnapshotData data) throws IOException {
        long[] count = {0};
        try {
            data.forEachNode(node -> {
                try {
                    writeNode(out, node);
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return count[0];
    }

    private static void writeNode(DataOutputStream out, SnapshotNode node) throws IOException {
        if ("/".equals(node.path()) || node.path() == null) {
            // "/" ends the node list; the root is written as "".
            throw new IllegalArgumentException("a snapshot node path must not be " + node.path() + "; the root is \"\"");
        }
        JuteOutput j = new JuteOutput(node.path().length() + (node.data() == null ? 0 : node.data().length) + 96);
        j.writeString(node.path());
        j.writeBuffer(node.data());
        j.writeLong(node.aclRef());
        node.stat().write(j);
        write(out, j);
    }

    private static void write(DataOutputStream out, JuteOutput record) throws IOException {
        ByteBuffer bytes = record.toByteBuffer();
        out.write(bytes.array(), bytes.arrayOffset(), bytes.limit());
    }
}
