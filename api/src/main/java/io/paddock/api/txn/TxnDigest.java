package io.paddock.api.txn;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;

/** The whole-tree digest after a txn (section 16.6), appended to logged txns since 3.6. */
public record TxnDigest(int version, long treeDigest) implements JuteRecord {
    public static TxnDigest read(JuteInput in) {
        return new TxnDigest(
                in.readInt(),
                in.readLong());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(version);
        out.writeLong(treeDigest);
    }
}
