package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of a learner's PING reply (QUORUM-FACTS.md, "Packet data"): the sessions that saw
 * activity on this learner since its last reply, as back-to-back {@code sessionId:long,
 * timeout:int} pairs with no count in front; no sessions is zero bytes, not null
 * ({@code Learner.ping}, fed by {@code LearnerSessionTracker.snapshot}). The leader reads pairs
 * with a DataInputStream while bytes remain ({@code LearnerHandler.run}) and touches each session.
 *
 * <p>The reply echoes the leader's PING type, zxid and authinfo; the leader's own PING carries
 * no data ({@code LearnerHandler.ping}). Null data reads as no sessions here, where ZooKeeper's
 * leader would fail; a trailing partial pair is refused, as ZooKeeper's EOFException refuses it.
 */
public record LearnerPing(List<Touch> touches) implements JuteRecord {
    /** One session seen on the learner, with the timeout it was last negotiated with. */
    public record Touch(long sessionId, int timeout) {
    }

    public LearnerPing {
        touches = List.copyOf(touches);
    }

    public static LearnerPing read(JuteInput in) {
        List<Touch> touches = new ArrayList<>(in.remaining() / 12);
        while (in.hasRemaining()) {
            if (in.remaining() < 12) {
                throw new JuteException("ping data truncated: " + in.remaining()
                        + " bytes left, a session entry takes 12");
            }
            touches.add(new Touch(in.readLong(), in.readInt()));
        }
        return new LearnerPing(touches);
    }

    public static LearnerPing parse(byte[] data) {
        return data == null ? new LearnerPing(List.of()) : read(JuteInput.of(data));
    }

    /** The reply to the leader's {@code ping}: its type, zxid and authinfo, with our sessions. */
    public QuorumPacket replyTo(QuorumPacket ping) {
        return new QuorumPacket(ping.type(), ping.zxid(), toBytes(), ping.authinfo());
    }

    @Override
    public void write(JuteOutput out) {
        for (Touch t : touches) {
            out.writeLong(t.sessionId()).writeInt(t.timeout());
        }
    }

    public byte[] toBytes() {
        return JuteOutput.serialize(this);
    }

    @Override
    public int estimatedSize() {
        return 12 * touches.size();
    }
}
