package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;

/**
 * The data of ACKEPOCH, a learner's answer to LEADERINFO (QUORUM-FACTS.md, "Packet data"): its
 * current epoch as a 4-byte int, or {@link #ALREADY_ACCEPTED} when it had already accepted the
 * proposed epoch, which tells the leader not to count this answer as an acknowledgement
 * ({@code Learner.registerWithLeader}, {@code Leader.waitForEpochAck}). The packet's zxid is the
 * learner's last logged zxid. ZooKeeper writes the epoch cast to int and the leader reads one int
 * with a ByteBuffer.
 */
public record AckEpoch(int currentEpoch) implements JuteRecord {
    public static final int ALREADY_ACCEPTED = -1;

    public static AckEpoch alreadyAccepted() {
        return new AckEpoch(ALREADY_ACCEPTED);
    }

    public boolean countsAsAck() {
        return currentEpoch != ALREADY_ACCEPTED;
    }

    public static AckEpoch read(JuteInput in) {
        return new AckEpoch(in.readInt());
    }

    public static AckEpoch parse(byte[] data) {
        return read(PacketData.of(data, "ACKEPOCH"));
    }

    /** The ACKEPOCH packet of a learner whose last logged zxid is {@code lastLoggedZxid}. */
    public QuorumPacket packet(long lastLoggedZxid) {
        return new QuorumPacket(PacketType.ACKEPOCH, lastLoggedZxid, toBytes(), null);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(currentEpoch);
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 4;
    }
}
