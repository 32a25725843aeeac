package io.paddock.api.proto;

/** One identity of a connection, as whoAmI reports it (3.7+). */
public record ClientInfo(String authScheme, String user) implements JuteRecord {
    public static ClientInfo read(JuteInput in) {
        return new ClientInfo(
                in.readString(),
                in.readString());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(authScheme);
        out.writeString(user);
    }
}
