package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;

/** Logged for setData (5) and reconfig (16); version is the new version. */
public record SetDataTxn(String path, byte[] data, int version) implements Txn {
    public static SetDataTxn read(JuteInput in) {
        return new SetDataTxn(
                in.readString(),
                in.readBuffer(),
                in.readInt());
    }

    @Override
    public int estimatedSize() {
        return 64 + 3 * path.length() + (data == null ? 0 : data.length);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeInt(version);
    }
}
