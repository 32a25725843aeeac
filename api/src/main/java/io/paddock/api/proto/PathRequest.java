package io.paddock.api.proto;

/** A body that is a single path: getACL (6), sync (9) and its reply, getAllChildrenNumber (104), getEphemerals (103). */
public record PathRequest(String path) implements JuteRecord {
    public static PathRequest read(JuteInput in) {
        return new PathRequest(
                in.readString());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
    }
}
