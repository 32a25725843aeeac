package io.paddock.api.proto;

/** Body of exists (3), getData (4), getChildren (8) and getChildren2 (12): a path and a watch flag. */
public record PathWatchRequest(String path, boolean watch) implements JuteRecord {
    public static PathWatchRequest read(JuteInput in) {
        return new PathWatchRequest(
                in.readString(),
                in.readBool());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBool(watch);
    }
}
