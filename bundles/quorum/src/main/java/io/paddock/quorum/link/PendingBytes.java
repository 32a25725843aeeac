package io.paddock.quorum.link;

import java.nio.ByteBuffer;

/**
 * The bytes of a record that has not fully arrived, kept from one chunk to the next. Only that
 * unfinished tail is kept: whole records are read from the chunk they arrived in.
 */
final class PendingBytes {
    private static final int INITIAL_CAPACITY = 4096;
    /** A buffer this large is let go once it is empty rather than kept for the next record. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    /** Read mode: position to limit are the pending bytes. */
    private ByteBuffer buf = ByteBuffer.allocate(0);

    boolean isEmpty() {
        return !buf.hasRemaining();
    }

    int size() {
        return buf.remaining();
    }

    /**
     * Appends all of {@code chunk} (leaving it consumed) and returns the pending bytes followed by
     * the chunk's, to read records from; pass it to {@link #keep} afterwards.
     */
    ByteBuffer append(ByteBuffer chunk) {
        int extra = chunk.remaining();
        if (buf.capacity() - buf.limit() < extra) {
            int need = buf.remaining() + extra;
            if (buf.capacity() >= need) {
                buf.compact().flip();
            } else {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, Math.max(INITIAL_CAPACITY, 2 * buf.capacity())));
                buf = bigger.put(buf).flip();
            }
        }
        int end = buf.limit();
        buf.limit(end + extra);
        buf.put(end, chunk, chunk.position(), extra);
        chunk.position(chunk.limit());
        return buf;
    }

    /**
     * Keeps what is left unread of {@code in}: either the buffer {@link #append} returned, or a
     * chunk read directly while nothing was pending, whose tail is then copied.
     */
    void keep(ByteBuffer in) {
        if (in != buf && in.hasRemaining()) {
            append(in);
        }
        if (!buf.hasRemaining()) {
            buf = buf.capacity() > RETAINED_CAPACITY ? ByteBuffer.allocate(0) : buf.clear().limit(0);
        }
    }
}
