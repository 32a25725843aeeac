package io.paddock.api.proto;

import java.util.List;

/** Reply to getEphemerals (103): the caller's ephemeral paths. */
public record GetEphemeralsResponse(List<String> ephemerals) implements JuteRecord {
    public static GetEphemeralsResponse read(JuteInput in) {
        return new GetEphemeralsResponse(
                in.readStrings());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeStrings(ephemerals);
    }
}
