package io.paddock.quorum.link;

import io.paddock.api.proto.JuteOutput;
import io.paddock.quorum.wire.QuorumPacket;
import java.nio.ByteBuffer;

/**
 * Turns a quorum packet into the bytes an unframed connection sends with {@code sendRaw}: its jute
 * record and nothing else, as ZooKeeper's {@code BinaryOutputArchive.writeRecord} writes it on the
 * quorum port (protocol.md section 17).
 */
public final class LinkEncoder {
    private LinkEncoder() {
    }

    /** The packet's bytes, in a buffer the caller owns, ready to read. */
    public static ByteBuffer encode(QuorumPacket packet) {
        JuteOutput out = new JuteOutput(packet.estimatedSize());
        packet.write(out);
        return out.toByteBuffer();
    }
}
