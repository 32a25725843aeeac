package io.paddock.api.proto;

/**
 * The server's first frame (protocol.md section 3). The trailing readOnly byte is written only
 * when {@code readOnlyPresent}, as a 3.9 server echoes the shape of the request.
 */
public record ConnectResponse(int protocolVersion, int timeOut, long sessionId, byte[] passwd,
                              boolean readOnly, boolean readOnlyPresent) implements JuteRecord {
    public static ConnectResponse read(JuteInput in) {
        int protocolVersion = in.readInt();
        int timeOut = in.readInt();
        long sessionId = in.readLong();
        byte[] passwd = in.readBuffer();
        boolean present = in.hasRemaining();
        boolean readOnly = present && in.readBool();
        return new ConnectResponse(protocolVersion, timeOut, sessionId, passwd, readOnly, present);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(protocolVersion).writeInt(timeOut).writeLong(sessionId).writeBuffer(passwd);
        if (readOnlyPresent) {
            out.writeBool(readOnly);
        }
    }
}
