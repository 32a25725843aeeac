package io.paddock.storage.rocksdb;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.storage.ZxidDigest;

/**
 * The record under (zxid, {@link Keys#SEAL}) that makes a snapshot visible, written synced after
 * all its chunks are durable: how many chunks and bytes it has and their CRC-32C, so a load can
 * tell a whole snapshot from a damaged one before handing anything to the sink, and the tree
 * digest the database gave once its nodes were written.
 */
record SnapshotSeal(int chunks, long bytes, long crc, long nodes, int sessions, ZxidDigest digest) {
    private static final int FORMAT = 1;

    byte[] encode() {
        JuteOutput out = new JuteOutput(64);
        out.writeInt(FORMAT).writeInt(chunks).writeLong(bytes).writeLong(crc).writeLong(nodes).writeInt(sessions);
        out.writeBool(digest != null);
        if (digest != null) {
            out.writeLong(digest.zxid()).writeInt(digest.version()).writeLong(digest.digest());
        }
        return out.toByteArray();
    }

    /** The seal in {@code value}; IllegalArgumentException if it is not one. */
    static SnapshotSeal decode(byte[] value) {
        try {
            JuteInput in = JuteInput.of(value);
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown snapshot seal format " + format);
            }
            int chunks = in.readInt();
            long bytes = in.readLong();
            long crc = in.readLong();
            long nodes = in.readLong();
            int sessions = in.readInt();
            ZxidDigest digest = in.readBool() ? new ZxidDigest(in.readLong(), in.readInt(), in.readLong()) : null;
            if (chunks < 0 || bytes < 0 || in.hasRemaining()) {
                throw new IllegalArgumentException("malformed snapshot seal");
            }
            return new SnapshotSeal(chunks, bytes, crc, nodes, sessions, digest);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed snapshot seal: " + e.getMessage(), e);
        }
    }
}
