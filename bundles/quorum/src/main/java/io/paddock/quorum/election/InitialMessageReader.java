package io.paddock.quorum.election;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.quorum.wire.InitialMessage;
import java.net.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Reads the {@link InitialMessage} that opens an accepted election connection from bytes that
 * arrive in chunks of any size. It takes only the header's bytes from a chunk, so what follows
 * is the start of the first message. A header {@link InitialMessage#read} would refuse is
 * refused as soon as the offending field is complete: an unknown version after 8 bytes, an
 * address length outside 1..{@value InitialMessage#MAX_ADDRESS_LENGTH} after 20, without
 * waiting for bytes the peer may never send. Confined to one connection's event thread.
 */
final class InitialMessageReader {
    private static final int VERSION_LENGTH = Long.BYTES;
    /** Version, sid and address length. */
    private static final int FIXED_LENGTH = Long.BYTES + Long.BYTES + Integer.BYTES;

    private final byte[] bytes = new byte[FIXED_LENGTH + InitialMessage.MAX_ADDRESS_LENGTH];
    private int filled;
    private int needed = VERSION_LENGTH;

    /**
     * Takes what the header still needs from {@code chunk}.
     *
     * @return the header once complete, null while more bytes are needed
     * @throws ProtocolException for a header ZooKeeper refuses, with its reason
     */
    InitialMessage read(ByteBuffer chunk) throws ProtocolException {
        while (true) {
            int n = Math.min(needed - filled, chunk.remaining());
            chunk.get(bytes, filled, n);
            filled += n;
            if (filled < needed) {
                return null;
            }
            if (needed == VERSION_LENGTH) {
                long first = ByteBuffer.wrap(bytes).getLong(0);
                if (first >= 0) {
                    // A server before 3.5 sends its sid alone; protocol versions are negative.
                    return parse();
                }
                if (first != InitialMessage.PROTOCOL_VERSION_V1 && first != InitialMessage.PROTOCOL_VERSION_V2) {
                    throw refusal();
                }
                needed = FIXED_LENGTH;
            } else if (needed == FIXED_LENGTH) {
                int length = ByteBuffer.wrap(bytes).getInt(Long.BYTES + Long.BYTES);
                if (length <= 0 || length > InitialMessage.MAX_ADDRESS_LENGTH) {
                    throw refusal();
                }
                needed = FIXED_LENGTH + length;
            } else {
                return parse();
            }
        }
    }

    private InitialMessage parse() throws ProtocolException {
        try {
            return InitialMessage.read(input());
        } catch (JuteException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    /** InitialMessage.read's own words for a header this reader saw is bad, so both refuse alike. */
    private ProtocolException refusal() {
        try {
            InitialMessage.read(input());
        } catch (JuteException e) {
            return new ProtocolException(e.getMessage());
        }
        throw new IllegalStateException("InitialMessage.read accepts a header prefix this reader refuses");
    }

    private JuteInput input() {
        return new JuteInput(ByteBuffer.wrap(bytes, 0, filled));
    }
}
