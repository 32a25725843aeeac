package io.paddock.api.proto;

/** Body of setData (5). */
public record SetDataRequest(String path, byte[] data, int version) implements JuteRecord {
    public static SetDataRequest read(JuteInput in) {
        return new SetDataRequest(
                in.readString(),
                in.readBuffer(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeInt(version);
    }
}
