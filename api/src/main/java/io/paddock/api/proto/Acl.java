package io.paddock.api.proto;

/** One ACL entry: permission bits (see {@link Perms}) granted to an id. */
public record Acl(int perms, Id id) implements JuteRecord {
    public static Acl read(JuteInput in) {
        return new Acl(
                in.readInt(),
                Id.read(in));
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(perms);
        id.write(out);
    }
}
