package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import java.util.Arrays;

/**
 * The data of INFORMANDACTIVATE, the INFORM of a reconfig sent to observers (QUORUM-FACTS.md,
 * "Packet data"): the designated leader's sid as an 8-byte long, then the reconfig's proposal data
 * (TxnHeader, SetDataTxn, optional TxnDigest) unframed up to the end
 * ({@code Leader.buildInformAndActivePacket}; read in {@code Observer.processPacket} and
 * {@code Learner.syncWithLeader}).
 */
public record InformAndActivate(long designatedLeader, byte[] proposal) implements JuteRecord {
    public InformAndActivate {
        proposal = proposal.clone();
    }

    public static InformAndActivate read(JuteInput in) {
        long leader = in.readLong();
        byte[] rest = new byte[in.remaining()];
        in.buffer().get(rest);
        return new InformAndActivate(leader, rest);
    }

    public static InformAndActivate parse(byte[] data) {
        return read(PacketData.of(data, "INFORMANDACTIVATE"));
    }

    public QuorumPacket packet(long zxid) {
        return new QuorumPacket(PacketType.INFORMANDACTIVATE, zxid, toBytes(), null);
    }

    /** The proposal data (a copy), for {@code TxnCodec.decode}. */
    @Override
    public byte[] proposal() {
        return proposal.clone();
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(designatedLeader).writeRaw(proposal, 0, proposal.length);
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 8 + proposal.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InformAndActivate r && r.designatedLeader == designatedLeader
                && Arrays.equals(r.proposal, proposal);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(designatedLeader) * 31 + Arrays.hashCode(proposal);
    }

    @Override
    public String toString() {
        return "InformAndActivate[designatedLeader=" + designatedLeader + ", proposal=" + proposal.length + " bytes]";
    }
}
