package io.paddock.api.proto;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads jute's binary encoding (protocol.md section 1) from a ByteBuffer. Lengths below -1
 * or above the configured cap raise {@link JuteException}; so does running out of bytes.
 * Trailing bytes after a record are left unread, as ZooKeeper's readers do.
 */
public final class JuteInput {
    /** ZooKeeper's default cap: jute.maxbuffer plus the default extra size (section 1). */
    public static final int DEFAULT_MAX_LENGTH = 0xfffff + 0xfffff;

    private final ByteBuffer buf;
    private final int maxLength;

    public JuteInput(ByteBuffer buf) {
        this(buf, DEFAULT_MAX_LENGTH);
    }

    public JuteInput(ByteBuffer buf, int maxLength) {
        this.buf = buf;
        this.maxLength = maxLength;
    }

    public static JuteInput of(byte[] bytes) {
        return new JuteInput(ByteBuffer.wrap(bytes));
    }

    public int readInt() {
        try {
            return buf.getInt();
        } catch (BufferUnderflowException e) {
            throw new JuteException("record truncated: expected an int");
        }
    }

    public long readLong() {
        try {
            return buf.getLong();
        } catch (BufferUnderflowException e) {
            throw new JuteException("record truncated: expected a long");
        }
    }

    public boolean readBool() {
        try {
            return buf.get() != 0;
        } catch (BufferUnderflowException e) {
            throw new JuteException("record truncated: expected a boolean");
        }
    }

    public byte[] readBuffer() {
        int len = readLength("buffer");
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }

    public String readString() {
        int len = readLength("string");
        if (len < 0) {
            return null;
        }
        if (buf.hasArray()) {
            String s = new String(buf.array(), buf.arrayOffset() + buf.position(), len, StandardCharsets.UTF_8);
            buf.position(buf.position() + len);
            return s;
        }
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private int readLength(String what) {
        int len = readInt();
        if (len < -1 || len > maxLength) {
            throw new JuteException("invalid " + what + " length " + len);
        }
        if (len > buf.remaining()) {
            throw new JuteException("record truncated: " + what + " of " + len + " bytes, "
                    + buf.remaining() + " left");
        }
        return len;
    }

    public <T> List<T> readVector(Function<JuteInput, T> element) {
        int n = readInt();
        if (n < -1) {
            throw new JuteException("invalid vector length " + n);
        }
        if (n == -1) {
            return null;
        }
        // Every element takes at least one byte; this bounds allocation on a lying count.
        if (n > buf.remaining()) {
            throw new JuteException("record truncated: vector of " + n + " elements, "
                    + buf.remaining() + " bytes left");
        }
        List<T> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(element.apply(this));
        }
        return items;
    }

    public List<String> readStrings() {
        return readVector(JuteInput::readString);
    }

    public int remaining() {
        return buf.remaining();
    }

    public boolean hasRemaining() {
        return buf.hasRemaining();
    }

    public ByteBuffer buffer() {
        return buf;
    }
}
