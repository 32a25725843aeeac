package io.paddock.transport.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random bytes, and the same bytes cut into pieces of random sizes (from a single byte to about
 * a hundred KiB), so a stream crosses every boundary a transport's buffers could have. Seeded:
 * a failure repeats.
 */
public final class RandomStream {
    private static final int MAX_PIECE = 100_000;
    private static final int MAX_SMALL_PIECE = 16;

    private final byte[] bytes;
    private final List<ByteBuffer> pieces;

    private RandomStream(byte[] bytes, List<ByteBuffer> pieces) {
        this.bytes = bytes;
        this.pieces = pieces;
    }

    public static RandomStream of(int size, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        List<ByteBuffer> pieces = new ArrayList<>();
        int offset = 0;
        while (offset < size) {
            // One piece in four is tiny, so lengths and chunk edges land in odd places.
            int wanted = random.nextInt(4) == 0 ? 1 + random.nextInt(MAX_SMALL_PIECE) : 1 + random.nextInt(MAX_PIECE);
            int length = Math.min(wanted, size - offset);
            pieces.add(ByteBuffer.wrap(bytes, offset, length).slice());
            offset += length;
        }
        return new RandomStream(bytes, List.copyOf(pieces));
    }

    public int size() {
        return bytes.length;
    }

    /** All the bytes; the caller must not change them. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * Views that together hold {@link #bytes()} in order. Sending one leaves its position alone,
     * so a stream can be sent more than once.
     */
    public List<ByteBuffer> pieces() {
        return pieces;
    }

    /** The index of the first byte of {@code received} that differs from this stream, or -1 if none does. */
    public int firstMismatch(byte[] received) {
        return Arrays.mismatch(bytes, received);
    }
}
