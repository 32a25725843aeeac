package io.paddock.api.proto;

import java.util.List;

/** Body of setACL (7). */
public record SetAclRequest(String path, List<Acl> acl, int version) implements JuteRecord {
    public static SetAclRequest read(JuteInput in) {
        return new SetAclRequest(
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
