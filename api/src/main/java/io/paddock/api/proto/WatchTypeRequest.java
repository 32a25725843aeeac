package io.paddock.api.proto;

/** Body of checkWatches (17), removeWatches (18) and addWatch (106): a path and a watcher type or mode. */
public record WatchTypeRequest(String path, int type) implements JuteRecord {
    public static WatchTypeRequest read(JuteInput in) {
        return new WatchTypeRequest(
                in.readString(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeInt(type);
    }
}
