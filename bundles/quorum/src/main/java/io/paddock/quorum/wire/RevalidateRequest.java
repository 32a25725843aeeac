package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;

/**
 * The data of a learner's REVALIDATE (QUORUM-FACTS.md, "Packet data"): a client reconnected to
 * this learner with a session it does not own, and the learner asks the leader whether it is still
 * alive. {@code sessionId:long, timeout:int} written with a DataOutputStream
 * ({@code Learner.validateSession}) and read with a DataInputStream ({@code Leader.revalidateSession}).
 * The packet's zxid is -1 and its authinfo null.
 */
public record RevalidateRequest(long sessionId, int timeout) implements JuteRecord {
    public static RevalidateRequest read(JuteInput in) {
        return new RevalidateRequest(in.readLong(), in.readInt());
    }

    public static RevalidateRequest parse(byte[] data) {
        return read(PacketData.of(data, "REVALIDATE"));
    }

    public QuorumPacket packet() {
        return new QuorumPacket(PacketType.REVALIDATE, -1, toBytes(), null);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(sessionId).writeInt(timeout);
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 12;
    }
}
