package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;

/**
 * The data of COMMITANDACTIVATE, the COMMIT of a reconfig (QUORUM-FACTS.md, "Packet data"): only
 * the sid of the leader the new configuration designates, as an 8-byte long
 * ({@code Leader.commitAndActivate}; read with a ByteBuffer in {@code Follower.processPacket}
 * and {@code Learner.syncWithLeader}). The configuration itself travelled in the reconfig's
 * PROPOSAL, as the data of its SetDataTxn.
 */
public record CommitAndActivate(long designatedLeader) implements JuteRecord {
    public static CommitAndActivate read(JuteInput in) {
        return new CommitAndActivate(in.readLong());
    }

    public static CommitAndActivate parse(byte[] data) {
        return read(PacketData.of(data, "COMMITANDACTIVATE"));
    }

    public QuorumPacket packet(long zxid) {
        return new QuorumPacket(PacketType.COMMITANDACTIVATE, zxid, toBytes(), null);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(designatedLeader);
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 8;
    }
}
