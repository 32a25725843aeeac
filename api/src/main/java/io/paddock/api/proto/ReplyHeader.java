package io.paddock.api.proto;

/** Precedes every server reply and notification after the handshake (section 4). */
public record ReplyHeader(int xid, long zxid, int err) implements JuteRecord {
    public static ReplyHeader read(JuteInput in) {
        return new ReplyHeader(
                in.readInt(),
                in.readLong(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(xid);
        out.writeLong(zxid);
        out.writeInt(err);
    }
}
