package io.paddock.api.proto;

/** A bare error code: multi error results, and the reply body of addWatch. */
public record ErrorResponse(int err) implements JuteRecord {
    public static ErrorResponse read(JuteInput in) {
        return new ErrorResponse(
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(err);
    }
}
