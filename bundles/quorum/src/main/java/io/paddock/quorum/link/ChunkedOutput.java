package io.paddock.quorum.link;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Gathers bytes into chunks of one size and hands on each one as it fills, so what is written is
 * never held in memory beyond one chunk. Every chunk handed on is a new buffer, ready to read,
 * that belongs to the consumer from then on.
 */
final class ChunkedOutput {
    private final int chunkSize;
    private final Consumer<ByteBuffer> out;
    private final ByteBuffer scratch = ByteBuffer.allocate(8);
    private ByteBuffer chunk;

    ChunkedOutput(int chunkSize, Consumer<ByteBuffer> out) {
        this.chunkSize = chunkSize;
        this.out = out;
    }

    /** Writes what is left of {@code src}, consuming it. */
    void write(ByteBuffer src) {
        while (src.hasRemaining()) {
            if (chunk == null) {
                chunk = ByteBuffer.allocate(chunkSize);
            }
            int n = Math.min(src.remaining(), chunk.remaining());
            chunk.put(src.slice(src.position(), n));
            src.position(src.position() + n);
            if (!chunk.hasRemaining()) {
                handOn();
            }
        }
    }

    void writeInt(int v) {
        write(scratch.clear().putInt(v).flip());
    }

    void writeLong(long v) {
        write(scratch.clear().putLong(v).flip());
    }

    /** Hands on the chunk being filled, if it holds anything. */
    void flush() {
        if (chunk != null && chunk.position() > 0) {
            handOn();
        }
    }

    private void handOn() {
        ByteBuffer full = chunk.flip();
        chunk = null;
        out.accept(full);
    }
}
