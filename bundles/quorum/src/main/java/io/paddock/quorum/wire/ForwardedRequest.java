package io.paddock.quorum.wire;

import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The data of REQUEST, a client request a learner forwards to the leader (QUORUM-FACTS.md,
 * "Packet data"): {@code sessionId:long, cxid:int, type:int} and then the request's own bytes as
 * the client sent them after its RequestHeader, unframed, up to the end of the data
 * ({@code Learner.request}; the leader slices them off in {@code LearnerHandler.run}). The
 * client's identities travel in the packet's authinfo, not here; the packet's zxid is -1.
 * A request without a body (closeSession, for one) has zero bytes after the type.
 */
public record ForwardedRequest(long sessionId, int cxid, int type, byte[] request) implements JuteRecord {
    public ForwardedRequest {
        request = request == null ? new byte[0] : request.clone();
    }

    public static ForwardedRequest read(JuteInput in) {
        if (in.remaining() < 16) {
            throw new JuteException("forwarded request truncated: " + in.remaining()
                    + " bytes, the session, cxid and type take 16");
        }
        long sessionId = in.readLong();
        int cxid = in.readInt();
        int type = in.readInt();
        byte[] body = new byte[in.remaining()];
        in.buffer().get(body);
        return new ForwardedRequest(sessionId, cxid, type, body);
    }

    public static ForwardedRequest parse(byte[] data) {
        return read(PacketData.of(data, "REQUEST"));
    }

    /** The REQUEST packet, carrying the client's identities as its authinfo. */
    public QuorumPacket packet(List<Id> authinfo) {
        return new QuorumPacket(PacketType.REQUEST, -1, toBytes(), authinfo);
    }

    /** The request's own bytes (a copy). */
    @Override
    public byte[] request() {
        return request.clone();
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(sessionId).writeInt(cxid).writeInt(type).writeRaw(request, 0, request.length);
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 16 + request.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForwardedRequest r && r.sessionId == sessionId && r.cxid == cxid && r.type == type
                && Arrays.equals(r.request, request);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sessionId) * 31 + cxid * 17 + type + Arrays.hashCode(request);
    }

    @Override
    public String toString() {
        return "ForwardedRequest[session=0x" + Long.toHexString(sessionId) + ", cxid=" + cxid + ", type=" + type
                + ", request=" + HexFormat.of().formatHex(request) + "]";
    }
}
