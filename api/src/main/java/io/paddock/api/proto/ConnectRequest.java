package io.paddock.api.proto;

/**
 * A client's first frame (protocol.md section 3). {@code readOnlyPresent} records whether the
 * optional trailing readOnly byte was on the wire, so the reply can echo the request's shape.
 */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOut, long sessionId,
                             byte[] passwd, boolean readOnly, boolean readOnlyPresent) implements JuteRecord {
    public static ConnectRequest read(JuteInput in) {
        int protocolVersion = in.readInt();
        long lastZxidSeen = in.readLong();
        int timeOut = in.readInt();
        long sessionId = in.readLong();
        byte[] passwd = in.readBuffer();
        boolean present = in.hasRemaining();
        boolean readOnly = present && in.readBool();
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly, present);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(protocolVersion).writeLong(lastZxidSeen).writeInt(timeOut).writeLong(sessionId)
                .writeBuffer(passwd);
        if (readOnlyPresent) {
            out.writeBool(readOnly);
        }
    }
}
