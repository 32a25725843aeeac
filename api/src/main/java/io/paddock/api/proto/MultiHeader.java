package io.paddock.api.proto;

/** Precedes each op of a multi request and each result of a multi response (section 8). */
public record MultiHeader(int type, boolean done, int err) implements JuteRecord {
    public static MultiHeader read(JuteInput in) {
        return new MultiHeader(
                in.readInt(),
                in.readBool(),
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(type);
        out.writeBool(done);
        out.writeInt(err);
    }
}
