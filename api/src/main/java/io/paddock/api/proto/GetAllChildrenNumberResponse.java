package io.paddock.api.proto;

/** Reply to getAllChildrenNumber (104): the number of descendants. */
public record GetAllChildrenNumberResponse(int totalNumber) implements JuteRecord {
    public static GetAllChildrenNumberResponse read(JuteInput in) {
        return new GetAllChildrenNumberResponse(
                in.readInt());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(totalNumber);
    }
}
