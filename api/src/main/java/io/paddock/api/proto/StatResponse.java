package io.paddock.api.proto;

/** Reply to exists (3), setData (5) and setACL (7). */
public record StatResponse(Stat stat) implements JuteRecord {
    public static StatResponse read(JuteInput in) {
        return new StatResponse(
                Stat.read(in));
    }

    @Override
    public void write(JuteOutput out) {
        stat.write(out);
    }
}
