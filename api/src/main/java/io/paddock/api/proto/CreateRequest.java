package io.paddock.api.proto;

import java.util.List;

/** Body of create (1), create2 (15) and createContainer (19). */
public record CreateRequest(String path, byte[] data, List<Acl> acl, int flags) implements JuteRecord {
    public static CreateRequest read(JuteInput in) {
        return new CreateRequest(
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
        out.writeInt(flags);
    }
}
