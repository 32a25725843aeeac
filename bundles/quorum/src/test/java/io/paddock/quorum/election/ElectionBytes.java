package io.paddock.quorum.election;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bytes as a peer writes them on an election connection, for tests. */
final class ElectionBytes {
    private ElectionBytes() {
    }

    /** {@code length:int} then the text in UTF-8: one message. */
    static byte[] framed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    /** The parts one after the other, ready to read. */
    static ByteBuffer concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.flip();
    }

    /** The text in UTF-8, as a message to send. */
    static ByteBuffer text(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
