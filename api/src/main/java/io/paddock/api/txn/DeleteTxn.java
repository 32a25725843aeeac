package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;

/** Logged for delete (2) and deleteContainer (20). */
public record DeleteTxn(String path) implements Txn {
    public static DeleteTxn read(JuteInput in) {
        return new DeleteTxn(
                in.readString());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
    }
}
