package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;

/** Logged for check (13) inside a multi; version is the current version plus one. */
public record CheckVersionTxn(String path, int version) implements Txn {
    public static CheckVersionTxn read(JuteInput in) {
        return new CheckVersionTxn(
                in.readString(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeInt(version);
    }
}
