package io.paddock.quorum.wire;

import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import java.util.List;

/**
 * The one message of the quorum port (protocol.md section 17):
 * {@code type:int, zxid:long, data:buffer, authinfo:vector<Id>}. {@code data} and
 * {@code authinfo} may be null (jute length -1), which is distinct from empty; ZooKeeper's
 * learners and leader send null authinfo on every packet they build themselves.
 */
public record QuorumPacket(int type, long zxid, byte[] data, List<Id> authinfo) implements JuteRecord {
    public QuorumPacket {
        authinfo = authinfo == null ? null : List.copyOf(authinfo);
    }

    /** A packet with neither data nor authinfo, as ACK, COMMIT, UPTODATE and TRUNC are. */
    public static QuorumPacket of(int type, long zxid) {
        return new QuorumPacket(type, zxid, null, null);
    }

    public static QuorumPacket read(JuteInput in) {
        int type = in.readInt();
        long zxid = in.readLong();
        byte[] data = in.readBuffer();
        List<Id> authinfo = in.readVector(Id::read);
        return new QuorumPacket(type, zxid, data, authinfo);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeInt(type).writeLong(zxid).writeBuffer(data).writeVector(authinfo, JuteOutput::write);
    }

    @Override
    public int estimatedSize() {
        return 24 + (data == null ? 0 : data.length) + (authinfo == null ? 0 : 64 * authinfo.size());
    }

    @Override
    public String toString() {
        return "QuorumPacket[" + PacketType.name(type) + ", zxid=0x" + Long.toHexString(zxid)
                + ", data=" + (data == null ? "null" : data.length + " bytes") + ", authinfo=" + authinfo + "]";
    }
}
