package io.paddock.api.proto;

/** Precedes every client request after the handshake (section 4). */
public record RequestHeader(int xid, int type) implements JuteRecord {
    public static RequestHeader read(JuteInput in) {
        return new RequestHeader(
                in.readInt(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(xid);
        out.writeInt(type);
    }
}
