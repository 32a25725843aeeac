package io.paddock.api.proto;

/** Body of delete (2). */
public record DeleteRequest(String path, int version) implements JuteRecord {
    public static DeleteRequest read(JuteInput in) {
        return new DeleteRequest(
                in.readString(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeInt(version);
    }
}
