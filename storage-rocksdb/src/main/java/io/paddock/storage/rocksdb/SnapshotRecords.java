package io.paddock.storage.rocksdb;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The records inside a snapshot chunk, each a tag byte and jute fields: {@code S} session (id,
 * timeout), {@code A} ACL cache entry (reference, ACL vector), {@code N} node (path, data, ACL
 * reference, stored stat). A chunk holds whole records only, so each decodes on its own.
 */
final class SnapshotRecords {
    static final byte SESSION = 'S';
    static final byte ACL = 'A';
    static final byte NODE = 'N';

    private SnapshotRecords() {
    }

    static void session(JuteOutput out, long id, int timeout) {
        out.writeByte(SESSION).writeLong(id).writeInt(timeout);
    }

    static void acl(JuteOutput out, long ref, List<Acl> acl) {
        out.writeByte(ACL).writeLong(ref).writeVector(acl == null ? List.of() : acl, (o, a) -> a.write(o));
    }

    static void node(JuteOutput out, SnapshotNode node) {
        if (node.path() == null) {
            throw new IllegalArgumentException("a snapshot node path must not be null; the root is \"\"");
        }
        out.writeByte(NODE).writeString(node.path()).writeBuffer(node.data()).writeLong(node.aclRef());
        node.stat().write(out);
    }

    /** Hands every record of {@code chunk} to {@code sink}; IllegalArgumentException if one is malformed. */
    static void read(byte[] chunk, int maxRecordLength, SnapshotSink sink) {
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        JuteInput in = new JuteInput(buf, maxRecordLength);
        while (buf.hasRemaining()) {
            byte tag = buf.get();
            switch (tag) {
                case SESSION -> sink.session(in.readLong(), in.readInt());
                case ACL -> sink.acl(in.readLong(), List.copyOf(in.readVector(Acl::read)));
                case NODE -> sink.node(new SnapshotNode(in.readString(), in.readBuffer(), in.readLong(),
                        StatPersisted.read(in)));
                default -> throw new IllegalArgumentException("unknown snapshot record tag " + tag + " at offset "
                        + (buf.position() - 1));
            }
        }
    }
}
