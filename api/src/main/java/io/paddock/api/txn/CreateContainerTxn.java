package io.paddock.api.txn;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.util.List;

/** Logged for createContainer (19). */
public record CreateContainerTxn(String path, byte[] data, List<Acl> acl, int parentCVersion) implements Txn {
    public static CreateContainerTxn read(JuteInput in) {
        return new CreateContainerTxn(
                in.readString(),
                in.readBuffer(),
                in.readVector(Acl::read),
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
        out.writeInt(parentCVersion);
    }
}
