package io.paddock.api.proto;

import java.util.List;

/** Reply to whoAmI (107): one entry per identity of the connection. */
public record WhoAmIResponse(List<ClientInfo> clientInfo) implements JuteRecord {
    public static WhoAmIResponse read(JuteInput in) {
        return new WhoAmIResponse(
                in.readVector(ClientInfo::read));
    }

    @Override
    public void write(JuteOutput out) {
        out.writeVector(clientInfo, (o, c) -> c.write(o));
    }
}
