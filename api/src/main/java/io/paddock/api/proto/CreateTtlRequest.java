package io.paddock.api.proto;

import java.util.List;

/** Body of createTTL (21). */
public record CreateTtlRequest(String path, byte[] data, List<Acl> acl, int flags, long ttl) implements JuteRecord {
    public static CreateTtlRequest read(JuteInput in) {
        return new CreateTtlRequest(
                in.readString(),
                in.readBuffer(),
                in.readVector(Acl::read),
                in.readInt(),
                in.readLong());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeVector(acl, (o, a) -> a.write(o));
        out.writeInt(flags);
        out.writeLong(ttl);
    }
}
