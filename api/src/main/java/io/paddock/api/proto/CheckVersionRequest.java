package io.paddock.api.proto;

/** Body of check (13), valid only inside multi. */
public record CheckVersionRequest(String path, int version) implements JuteRecord {
    public static CheckVersionRequest read(JuteInput in) {
        return new CheckVersionRequest(
                in.readString(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeInt(version);
    }
}
