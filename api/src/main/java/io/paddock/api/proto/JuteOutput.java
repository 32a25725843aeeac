package io.paddock.api.proto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes jute's binary encoding (protocol.md section 1) into a growing heap buffer.
 * Not thread-safe; one instance per message being built.
 */
public final class JuteOutput {
    private byte[] buf;
    private int pos;

    public JuteOutput() {
        this(256);
    }

    public JuteOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        int need = pos + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public JuteOutput writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public JuteOutput writeLong(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public JuteOutput writeBool(boolean v) {
        ensure(1);
        buf[pos++] = (byte) (v ? 1 : 0);
        return this;
    }

    public JuteOutput writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    /** A jute buffer: length then bytes; null is written as length -1. */
    public JuteOutput writeBuffer(byte[] v) {
        if (v == null) {
            return writeInt(-1);
        }
        writeInt(v.length);
        return writeRaw(v, 0, v.length);
    }

    public JuteOutput writeRaw(byte[] v, int off, int len) {
        ensure(len);
        System.arraycopy(v, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** A jute ustring: byte length then UTF-8; null is written as length -1. */
    public JuteOutput writeString(String s) {
        if (s == null) {
            return writeInt(-1);
        }
        return writeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    public <T> JuteOutput writeVector(List<T> items, BiConsumer<JuteOutput, T> element) {
        if (items == null) {
            return writeInt(-1);
        }
        writeInt(items.size());
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    public JuteOutput writeStrings(List<String> items) {
        return writeVector(items, JuteOutput::writeString);
    }

    public JuteOutput write(JuteRecord record) {
        record.write(this);
        return this;
    }

    /** Overwrites 4 bytes at an earlier position, for length prefixes known only at the end. */
    public void patchInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public int size() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** A view of the bytes written so far; the output must not be written to afterwards. */
    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /** Serializes one record. */
    public static byte[] serialize(JuteRecord record) {
        JuteOutput out = new JuteOutput();
        record.write(out);
        return out.toByteArray();
    }
}
