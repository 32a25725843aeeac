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
    public int estimatedSize() {
        return 32 + 3 * path.length() + (data == null ? 0 : data.length);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeInt(version);
    }
}
