package io.paddock.api.proto;

/** Reply to create (1): the actual path. */
public record CreateResponse(String path) implements JuteRecord {
    public static CreateResponse read(JuteInput in) {
        return new CreateResponse(
                in.readString());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
    }
}
