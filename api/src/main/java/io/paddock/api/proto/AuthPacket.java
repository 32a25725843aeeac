package io.paddock.api.proto;

/** Body of auth (100, xid -4). */
public record AuthPacket(int type, String scheme, byte[] auth) implements JuteRecord {
    public static AuthPacket read(JuteInput in) {
        return new AuthPacket(
                in.readInt(),
                in.readString(),
                in.readBuffer());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(type);
        out.writeString(scheme);
        out.writeBuffer(auth);
    }
}
