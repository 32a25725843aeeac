package io.paddock.api.proto;

/** Reply to create2, createContainer and createTTL: the actual path and the new Stat. */
public record Create2Response(String path, Stat stat) implements JuteRecord {
    public static Create2Response read(JuteInput in) {
        return new Create2Response(
                in.readString(),
                Stat.read(in));
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        stat.write(out);
    }
}
