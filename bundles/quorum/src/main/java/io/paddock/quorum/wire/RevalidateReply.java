package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;

/**
 * The data of the leader's REVALIDATE answer (QUORUM-FACTS.md, "Packet data"):
 * {@code sessionId:long, valid:boolean} (one byte, 1 or 0) written with a DataOutputStream
 * ({@code Leader.revalidateSession}) and read with a DataInputStream ({@code Learner.revalidate}),
 * which takes any non-zero byte as true. The leader sends back the learner's own packet with only
 * the data replaced, so the zxid stays the learner's -1.
 */
public record RevalidateReply(long sessionId, boolean valid) implements JuteRecord {
    public static RevalidateReply read(JuteInput in) {
        return new RevalidateReply(in.readLong(), in.readBool());
    }

    public static RevalidateReply parse(byte[] data) {
        return read(PacketData.of(data, "REVALIDATE answer"));
    }

    /** The answer to {@code request}: the same packet with this data. */
    public QuorumPacket replyTo(QuorumPacket request) {
        return new QuorumPacket(request.type(), request.zxid(), toBytes(), request.authinfo());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(sessionId).writeBool(valid);
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 9;
    }
}
