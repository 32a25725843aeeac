package io.paddock.api.proto;

/** An identity: an auth scheme and an id within it. */
public record Id(String scheme, String id) implements JuteRecord {
    public static Id read(JuteInput in) {
        return new Id(
                in.readString(),
                in.readString());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(scheme);
        out.writeString(id);
    }
}
