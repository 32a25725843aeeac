package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import java.nio.ByteBuffer;

/**
 * The data of a learner's FOLLOWERINFO or OBSERVERINFO packet (protocol.md section 17):
 * {@code serverid:long, protocolVersion:int, configVersion:long}. ZooKeeper 3.9 writes all
 * three (20 bytes).
 *
 * <p>ZooKeeper's leader does not read this as a jute record: {@code LearnerHandler.run} reads
 * the packet data with a ByteBuffer, taking the sid if there are at least 8 bytes, the
 * protocol version if at least 12 (else 0x1, the pre-epoch protocol), and the config version
 * only if at least 20 (else it skips the "learner ahead of the leader's config" check).
 * {@link #parse} accepts the same 8-, 12- and 20-byte forms and ignores trailing bytes.
 * A missing config version reads as {@link #NO_CONFIG_VERSION}, which no configuration
 * version (a zxid) is below, so the check a leader makes passes just as when it is skipped.
 */
public record LearnerInfo(long serverId, int protocolVersion, long configVersion) implements JuteRecord {
    /** The protocol version 3.4 and later speak (epoch negotiation with LEADERINFO/ACKEPOCH). */
    public static final int PROTOCOL_VERSION = 0x10000;
    /** The protocol version ZooKeeper assumes when a learner's data has no version field. */
    public static final int OLD_PROTOCOL_VERSION = 0x1;
    /** The config version of a learner that did not send one. */
    public static final long NO_CONFIG_VERSION = -1L;

    /** The jute record, all three fields, as ZooKeeper's own LearnerInfo deserializer wants. */
    public static LearnerInfo read(JuteInput in) {
        return new LearnerInfo(in.readLong(), in.readInt(), in.readLong());
    }

    /**
     * A FOLLOWERINFO/OBSERVERINFO packet's data the way ZooKeeper's leader reads it. ZooKeeper
     * gives a learner that sent no data at all (null) a made-up negative sid; we refuse null and
     * anything shorter than the 8-byte sid, since a sid we cannot trust is no sid.
     */
    public static LearnerInfo parse(byte[] data) {
        if (data == null) {
            throw new JuteException("learner info missing: the packet has no data");
        }
        if (data.length < 8) {
            throw new JuteException("learner info truncated: " + data.length + " bytes, a sid takes 8");
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        long sid = buf.getLong();
        int protocolVersion = data.length >= 12 ? buf.getInt() : OLD_PROTOCOL_VERSION;
        long configVersion = data.length >= 20 ? buf.getLong() : NO_CONFIG_VERSION;
        return new LearnerInfo(sid, protocolVersion, configVersion);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeLong(serverId).writeInt(protocolVersion).writeLong(configVersion);
    }

    /** The 20-byte form a 3.9 learner sends as its packet data. */
    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 20;
    }
}
