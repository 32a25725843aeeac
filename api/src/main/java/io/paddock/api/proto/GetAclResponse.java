package io.paddock.api.proto;

import java.util.List;

/** Reply to getACL (6). */
public record GetAclResponse(List<Acl> acl, Stat stat) implements JuteRecord {
    public static GetAclResponse read(JuteInput in) {
        return new GetAclResponse(
                in.readVector(Acl::read),
                Stat.read(in));
    }

    @Override
    public void write(JuteOutput out) {
        out.writeVector(acl, (o, a) -> a.write(o));
        stat.write(out);
    }
}
