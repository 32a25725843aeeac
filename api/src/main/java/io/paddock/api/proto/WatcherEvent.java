package io.paddock.api.proto;

/** Body of a notification (xid -1): event type, keeper state (always SyncConnected from a server) and path. */
public record WatcherEvent(int type, int state, String path) implements JuteRecord {
    public static WatcherEvent read(JuteInput in) {
        return new WatcherEvent(
                in.readInt(),
                in.readInt(),
                in.readString());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(type);
        out.writeInt(state);
        out.writeString(path);
    }
}
