package io.paddock.storage.file;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.Adler32;
import java.util.zip.CheckedOutputStream;

/**
 * The seal that closes each section of a snapshot (protocol.md section 16.5):
 * {@code checksum:long, "/":ustring}, where the checksum is the Adler-32 of every byte of the
 * file before it. Each seal thus covers all earlier ones, and the last one the whole file.
 */
final class SnapshotSeal {
    /** checksum:long, then the ustring "/" (length 1, '/'). */
    static final int LENGTH = 8 + 4 + 1;

    /** The 5 bytes every sealed snapshot ends with: the "/" of the last seal. */
    private static final byte[] TAIL = {0, 0, 0, 1, '/'};

    private SnapshotSeal() {
    }

    /** Writes a seal over everything written through {@code checked} so far; {@code out} writes into it. */
    static void write(DataOutputStream out, CheckedOutputStream checked) throws IOException {
        out.flush();
        out.writeLong(checked.getChecksum().getValue());
        writeSlash(out);
    }

    /** The ustring "/", which also ends the node list. */
    static void writeSlash(DataOutputStream out) throws IOException {
        out.writeInt(1);
        out.writeByte('/');
    }

    /** Reads a seal and checks it against the checksum of everything {@code in} consumed before it. */
    static void check(FileInput in) throws IOException {
        long expected = in.checksum();
        long offset = in.position();
        long stored = in.readLong();
        String slash = in.readString(1);
        if (stored != expected) {
            throw new IOException(in.file() + ": seal at offset " + offset + " does not match: stored checksum "
                    + Long.toHexString(stored) + ", computed " + Long.toHexString(expected));
        }
        if (!"/".equals(slash)) {
            throw new IOException(in.file() + ": seal at offset " + offset + " does not end with \"/\"");
        }
    }

    /**
     * What is wrong with a snapshot file as a whole, or empty if it is intact: it must end with
     * the 5 bytes of a seal (ZooKeeper's quick check) and its last seal must match the Adler-32 of
     * every byte before it. This reads the file but decodes nothing.
     */
    static Optional<String> findDamage(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FileHeader.LENGTH + LENGTH) {
                return Optional.of("too short (" + size + " bytes)");
            }
            ByteBuffer tail = ByteBuffer.allocate(LENGTH);
            readFully(ch, tail, size - LENGTH);
            tail.flip();
            long stored = tail.getLong();
            for (byte b : TAIL) {
                if (tail.get() != b) {
                    return Optional.of("does not end with a seal (truncated?)");
                }
            }
            Adler32 adler = new Adler32();
            ByteBuffer buf = ByteBuffer.allocate(FileInput.BUFFER_SIZE);
            long sealAt = size - LENGTH;
            for (long pos = 0; pos < sealAt; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), sealAt - pos));
                readFully(ch, buf, pos);
                buf.flip();
                pos += buf.remaining();
                adler.update(buf);
            }
            if (adler.getValue() != stored) {
                return Optional.of("checksum mismatch in its last seal: stored " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(adler.getValue()));
            }
            return Optional.empty();
        }
    }

    /** ZooKeeper's quick validity check: the file ends with the bytes 00 00 00 01 2F. */
    static boolean endsWithSeal(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FileHeader.LENGTH + LENGTH) {
                return false;
            }
            ByteBuffer tail = ByteBuffer.allocate(TAIL.length);
            readFully(ch, tail, size - TAIL.length);
            return java.util.Arrays.equals(tail.array(), TAIL);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at offset " + pos);
            }
            pos += n;
        }
    }
}
