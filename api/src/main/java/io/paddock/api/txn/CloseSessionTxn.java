package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.util.List;

/**
 * Logged for closeSession (-11): the ephemerals to delete. {@code paths2Delete} is null for a
 * 3.5-style txn with no body, which means "every ephemeral the session owns".
 */
public record CloseSessionTxn(List<String> paths2Delete) implements Txn {
    public static CloseSessionTxn read(JuteInput in) {
        return new CloseSessionTxn(in.hasRemaining() ? in.readStrings() : null);
    }

    @Override
    public void write(JuteOutput out) {
        if (paths2Delete != null) {
            out.writeStrings(paths2Delete);
        }
    }
}
