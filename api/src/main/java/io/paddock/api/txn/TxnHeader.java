package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;

/** Precedes every logged txn (section 16.3): session, request xid, zxid, wall-clock ms and txn type. */
public record TxnHeader(long clientId, int cxid, long zxid, long time, int type) implements JuteRecord {
    public static TxnHeader read(JuteInput in) {
        return new TxnHeader(
                in.readLong(),
                in.readInt(),
                in.readLong(),
                in.readLong(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(clientId);
        out.writeInt(cxid);
        out.writeLong(zxid);
        out.writeLong(time);
        out.writeInt(type);
    }
}
