package io.paddock.api.proto;

import java.util.List;

/** Reply to getChildren (8). */
public record GetChildrenResponse(List<String> children) implements JuteRecord {
    public static GetChildrenResponse read(JuteInput in) {
        return new GetChildrenResponse(
                in.readStrings());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeStrings(children);
    }
}
