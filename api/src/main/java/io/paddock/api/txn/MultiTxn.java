package io.paddock.api.txn;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.util.List;

/**
 * Logged for multi (14): each sub-txn as its type and its serialized record (section 16.4).
 * A failed multi is logged too, with error entries at and after the failing op.
 */
public record MultiTxn(List<Entry> txns) implements Txn {

    /** One sub-txn: its type and decoded body. */
    public record Entry(int type, Txn txn) {
    }

    public static MultiTxn read(JuteInput in) {
        return new MultiTxn(in.readVector(i -> {
            int type = i.readInt();
            byte[] data = i.readBuffer();
            if (data == null) {
                throw new JuteException("multi sub-txn of type " + type + " has null data");
            }
            return new Entry(type, TxnCodec.readBody(type, JuteInput.of(data)));
        }));
    }

    @Override
    public void write(JuteOutput out) {
        out.writeVector(txns, (o, e) -> {
            o.writeInt(e.type());
            o.writeBuffer(JuteOutput.serialize(e.txn()));
        });
    }

    /** True if any sub-txn is an error: then nothing of the multi is applied. */
    public boolean failed() {
        return txns.stream().anyMatch(e -> e.txn() instanceof ErrorTxn);
    }
}
