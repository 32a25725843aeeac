package io.paddock.api.txn;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.util.List;

/** Logged for createTTL (21). */
public record CreateTtlTxn(String path, byte[] data, List<Acl> acl, int parentCVersion, long ttl) implements Txn {
    public static CreateTtlTxn read(JuteInput in) {
        return new CreateTtlTxn(
                in.readString(),
                in.readBuffer(),
                in.readVector(Acl::read),
                in.readInt(),
                in.readLong());
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
        out.writeLong(ttl);
    }
}
