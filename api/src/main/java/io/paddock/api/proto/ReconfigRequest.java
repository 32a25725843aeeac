package io.paddock.api.proto;

/** Body of reconfig (16): servers joining and leaving, or the new membership, and the config version it expects. */
public record ReconfigRequest(String joiningServers, String leavingServers, String newMembers, long curConfigId) implements JuteRecord {
    public static ReconfigRequest read(JuteInput in) {
        return new ReconfigRequest(
                in.readString(),
                in.readString(),
                in.readString(),
                in.readLong());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeString(joiningServers);
        out.writeString(leavingServers);
        out.writeString(newMembers);
        out.writeLong(curConfigId);
    }
}
