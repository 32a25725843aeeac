package io.paddock.storage.file;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Checksum;

/**
 * Reads a file front to back through one buffer, keeping track of the file offset and,
 * optionally, of a checksum over every byte consumed so far (a snapshot's seal covers
 * everything before it, protocol.md section 16.5).
 */
final class FileInput implements Closeable {
    static final int BUFFER_SIZE = 64 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE).limit(0);
    private final Checksum checksum;
    private final long limit;
    private long bufStart;
    private int checkedUpTo;

    private FileInput(Path file, FileChannel channel, Checksum checksum, long limit) {
        this.file = file;
        this.channel = channel;
        this.checksum = checksum;
        this.limit = limit;
    }

    /** Opens {@code file} for reading from its start; {@code checksum} may be null. */
    static FileInput open(Path file, Checksum checksum) throws IOException {
        return open(file, checksum, Long.MAX_VALUE);
    }

    /** Opens {@code file} for reading from its start up to offset {@code limit}, which then reads as its end. */
    static FileInput open(Path file, Checksum checksum, long limit) throws IOException {
        return new FileInput(file, FileChannel.open(file, StandardOpenOption.READ), checksum, limit);
    }

    Path file() {
        return file;
    }

    /** The file offset of the next byte to be read. */
    long position() {
        return bufStart + buf.position();
    }

    /**
     * Makes {@code n} bytes (at most {@link #BUFFER_SIZE}) readable from the buffer; false if the
     * file ends first, in which case everything up to the end is buffered.
     */
    boolean request(int n) throws IOException {
        if (buf.remaining() >= n) {
            return true;
        }
        updateChecksum();
        bufStart += buf.position();
        buf.compact();
        buf.limit((int) Math.min(buf.capacity(), limit - bufStart));
        checkedUpTo = 0;
        try {
            while (buf.position() < n && buf.hasRemaining()) {
                if (channel.read(buf, bufStart + buf.position()) < 0) {
                    break;
                }
            }
        } finally {
            buf.flip();
        }
        return buf.remaining() >= n;
    }

    /** True if every byte left before the end of the file is buffered and zero; call after a failed request. */
    boolean restIsZero() {
        for (int i = buf.position(); i < buf.limit(); i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    int readInt() throws IOException {
        require(4);
        return buf.getInt();
    }

    long readLong() throws IOException {
        require(8);
        return buf.getLong();
    }

    byte readByte() throws IOException {
        require(1);
        return buf.get();
    }

    /** Fills {@code dst}; false if the file ends first. */
    boolean readFully(byte[] dst) throws IOException {
        int off = 0;
        while (off < dst.length) {
            if (!buf.hasRemaining() && !request(1)) {
                return false;
            }
            int n = Math.min(buf.remaining(), dst.length - off);
            buf.get(dst, off, n);
            off += n;
        }
        return true;
    }

    /** A jute ustring whose length must be between -1 (null) and {@code maxLength}. */
    String readString(int maxLength) throws IOException {
        byte[] b = readBuffer(maxLength, "string");
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A jute buffer whose length must be between -1 (null) and {@code maxLength}. */
    byte[] readBuffer(int maxLength, String what) throws IOException {
        long at = position();
        int len = readInt();
        if (len < -1 || len > maxLength) {
            throw new IOException(file + ": invalid " + what + " length " + len + " at offset " + at);
        }
        if (len == -1) {
            return null;
        }
        byte[] b = new byte[len];
        if (!readFully(b)) {
            throw new EOFException(file + ": file ends inside a " + what + " of " + len + " bytes at offset " + at);
        }
        return b;
    }

    /** The checksum over every byte consumed so far. */
    long checksum() {
        updateChecksum();
        return checksum.getValue();
    }

    private void require(int n) throws IOException {
        if (!request(n)) {
            throw new EOFException(file + ": unexpected end of file at offset " + position());
        }
    }

    private void updateChecksum() {
        if (checksum != null && buf.position() > checkedUpTo) {
            checksum.update(buf.array(), buf.arrayOffset() + checkedUpTo, buf.position() - checkedUpTo);
            checkedUpTo = buf.position();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
