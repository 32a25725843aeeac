package io.paddock.api.txn;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.util.List;

/** Logged for setACL (7); version is the new aversion. */
public record SetAclTxn(String path, List<Acl> acl, int version) implements Txn {
    public static SetAclTxn read(JuteInput in) {
        return new SetAclTxn(
                in.readString(),
                in.readVector(Acl::read),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeVector(acl, (o, a) -> a.write(o));
        out.writeInt(version);
    }
}
