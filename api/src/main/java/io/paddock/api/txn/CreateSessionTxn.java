package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;

/** Logged for createSession (-10): the negotiated timeout. */
public record CreateSessionTxn(int timeOut) implements Txn {
    public static CreateSessionTxn read(JuteInput in) {
        return new CreateSessionTxn(
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(timeOut);
    }
}
