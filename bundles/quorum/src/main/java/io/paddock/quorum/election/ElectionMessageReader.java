package io.paddock.quorum.election;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts the messages of an election connection out of bytes that arrive in chunks of any size.
 * Each message is {@code length:int} (big-endian) then that many bytes, as ZooKeeper's
 * {@code QuorumCnxManager} writes them (protocol.md section 17). Confined to one connection's
 * event thread.
 */
final class ElectionMessageReader {
    /** ZooKeeper's {@code PACKETMAXSIZE}; a length of 0 is refused too ({@code RecvWorker}). */
    static final int MAX_MESSAGE_LENGTH = 512 * 1024;

    private final ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
    /** The message being filled, or null between messages. */
    private ByteBuffer body;

    /**
     * Hands every message completed by {@code chunk} to {@code sink}, in order, and keeps a
     * partial one for the next chunk. A message that lies wholly inside the chunk is a slice of
     * it, not a copy: the chunk belongs to the caller, who gives it up.
     *
     * @throws ProtocolException for a length outside 1..{@value #MAX_MESSAGE_LENGTH}; the bytes
     *                           after it are not read
     */
    void read(ByteBuffer chunk, Consumer<ByteBuffer> sink) throws ProtocolException {
        while (chunk.hasRemaining()) {
            if (body == null) {
                if (!fillLength(chunk)) {
                    return;
                }
                int n = length.getInt(0);
                length.clear();
                if (n <= 0 || n > MAX_MESSAGE_LENGTH) {
                    throw new ProtocolException("election message length " + n + " is outside 1.." + MAX_MESSAGE_LENGTH);
                }
                if (chunk.remaining() >= n) {
                    ByteBuffer message = chunk.slice(chunk.position(), n);
                    chunk.position(chunk.position() + n);
                    sink.accept(message);
                    continue;
                }
                body = ByteBuffer.allocate(n);
            }
            int n = Math.min(body.remaining(), chunk.remaining());
            body.put(chunk.slice(chunk.position(), n));
            chunk.position(chunk.position() + n);
            if (!body.hasRemaining()) {
                ByteBuffer message = body.flip();
                body = null;
                sink.accept(message);
            }
        }
    }

    private boolean fillLength(ByteBuffer chunk) {
        while (length.hasRemaining() && chunk.hasRemaining()) {
            length.put(chunk.get());
        }
        return !length.hasRemaining();
    }
}
