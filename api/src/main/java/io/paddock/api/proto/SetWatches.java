package io.paddock.api.proto;

import java.util.List;

/**
 * Body of setWatches (101) and setWatches2 (105), sent by a client on reconnect (section 12.6).
 * For setWatches the two persistent lists are empty and {@code v2} is false.
 */
public record SetWatches(long relativeZxid, List<String> dataWatches, List<String> existWatches,
                         List<String> childWatches, List<String> persistentWatches,
                         List<String> persistentRecursiveWatches, boolean v2) implements JuteRecord {
    public static SetWatches read(JuteInput in, boolean v2) {
        long zxid = in.readLong();
        List<String> data = orEmpty(in.readStrings());
        List<String> exist = orEmpty(in.readStrings());
        List<String> child = orEmpty(in.readStrings());
        List<String> persistent = v2 ? orEmpty(in.readStrings()) : List.of();
        List<String> recursive = v2 ? orEmpty(in.readStrings()) : List.of();
        return new SetWatches(zxid, data, exist, child, persistent, recursive, v2);
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(relativeZxid).writeStrings(dataWatches).writeStrings(existWatches).writeStrings(childWatches);
        if (v2) {
            out.writeStrings(persistentWatches).writeStrings(persistentRecursiveWatches);
        }
    }
}
