package io.paddock.api.txn;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.util.List;

/** Logged for create (1) and create2 (15); parentCVersion is the parent's new stored cversion. */
public record CreateTxn(String path, byte[] data, List<Acl> acl, boolean ephemeral, int parentCVersion) implements Txn {
    public static CreateTxn read(JuteInput in) {
        return new CreateTxn(
                in.readString(),
                in.readBuffer(),
                in.readVector(Acl::read),
                in.readBool(),
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
        out.writeVector(acl, (o, a) -> a.write(o));
        out.writeBool(ephemeral);
        out.writeInt(parentCVersion);
    }
}
