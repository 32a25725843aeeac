package io.paddock.api.proto;

import java.util.List;

/** Reply to getChildren2 (12). */
public record GetChildren2Response(List<String> children, Stat stat) implements JuteRecord {
    public static GetChildren2Response read(JuteInput in) {
        return new GetChildren2Response(
                in.readStrings(),
                Stat.read(in));
    }

    @Override
    public void write(JuteOutput out) {
        out.writeStrings(children);
        stat.write(out);
    }
}
