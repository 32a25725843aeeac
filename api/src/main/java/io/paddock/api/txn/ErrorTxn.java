package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;

/** Logged for a failed write (-1), and for each failed or skipped op of a failed multi. */
public record ErrorTxn(int err) implements Txn {
    public static ErrorTxn read(JuteInput in) {
        return new ErrorTxn(
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(err);
    }
}
