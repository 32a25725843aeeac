package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.txn.Zxid;

/**
 * The data of LEADERINFO, the leader's answer to FOLLOWERINFO/OBSERVERINFO (QUORUM-FACTS.md,
 * "Packet data"): the leader's protocol version as a 4-byte int. The packet's zxid is the
 * proposed epoch shifted left 32 bits. ZooKeeper 3.9.3 always sends {@link #PROTOCOL_VERSION}
 * ({@code LearnerHandler.run}) and the learner reads one int with a ByteBuffer
 * ({@code Learner.registerWithLeader}), ignoring anything after it.
 */
public record LeaderInfo(int protocolVersion) implements JuteRecord {
    public static final int PROTOCOL_VERSION = LearnerInfo.PROTOCOL_VERSION;

    public static LeaderInfo current() {
        return new LeaderInfo(PROTOCOL_VERSION);
    }

    public static LeaderInfo read(JuteInput in) {
        return new LeaderInfo(in.readInt());
    }

    public static LeaderInfo parse(byte[] data) {
        return read(PacketData.of(data, "LEADERINFO"));
    }

    /** The LEADERINFO packet proposing {@code newEpoch}. */
    public QuorumPacket packet(long newEpoch) {
        return new QuorumPacket(PacketType.LEADERINFO, Zxid.of(newEpoch, 0), toBytes(), null);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(protocolVersion);
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 4;
    }
}
