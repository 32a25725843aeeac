package io.paddock.api.proto;

/** Watch event types and the keeper state a server sends (protocol.md section 12.1). */
public final class EventType {
    public static final int NONE = -1;
    public static final int NODE_CREATED = 1;
    public static final int NODE_DELETED = 2;
    public static final int NODE_DATA_CHANGED = 3;
    public static final int NODE_CHILDREN_CHANGED = 4;

    /** The only keeper state a server ever sends. */
    public static final int STATE_SYNC_CONNECTED = 3;

    private EventType() {
    }
}
