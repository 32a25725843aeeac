package io.paddock.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends framed entries to one new txn log file. Entries collect in a buffer; {@link #write()}
 * hands them to the file and {@link #sync()} also forces them to disk, once for however many
 * entries were appended (group commit).
 */
final class TxnLogWriter implements Closeable {
    /** Above this many buffered bytes an append writes them out (without syncing) to bound memory. */
    private static final int WRITE_THRESHOLD = 256 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final FilePadding padding;
    private ByteBuffer pending = ByteBuffer.allocate(8 * 1024);
    private long position;

    private TxnLogWriter(Path file, FileChannel channel, long preallocBytes, long position, long allocated) {
        this.file = file;
        this.channel = channel;
        this.position = position;
        this.padding = new FilePadding(preallocBytes, allocated);
    }

    /**
     * Creates {@code file}, which must not exist, and writes its header (not yet synced). Like
     * ZooKeeper, the first padding then happens at offset 16, making the file 16 + prealloc bytes.
     */
    static TxnLogWriter create(Path file, long preallocBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = FileHeader.LOG.toBuffer();
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            return new TxnLogWriter(file, channel, preallocBytes, FileHeader.LENGTH, FileHeader.LENGTH);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens the existing {@code file} to append after its last whole entry, which ends at offset {@code end}. */
    static TxnLogWriter reopen(Path file, long end, long preallocBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            return new TxnLogWriter(file, channel, preallocBytes, end, channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** The offset up to which entries have been handed to the file. */
    long written() {
        return position;
    }

    /** Buffers one entry framed as {@code checksum, len, payload, 'B'}. */
    void append(byte[] payload) throws IOException {
        // ZooKeeper pads by the position before each entry (section 16.3); so do we.
        padding.padFor(channel, position + pending.position());
        ensureRoom(LogEntryFormat.OVERHEAD + payload.length);
        pending.putLong(LogEntryFormat.checksum(payload))
                .putInt(payload.length)
                .put(payload)
                .put(LogEntryFormat.END_OF_RECORD);
        if (pending.position() >= WRITE_THRESHOLD) {
            write();
        }
    }

    private void ensureRoom(int n) {
        if (pending.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + n));
            pending.flip();
            pending = bigger.put(pending);
        }
    }

    /** Hands the buffered bytes to the file (visible to readers, not yet durable). */
    void write() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        while (pending.hasRemaining()) {
            position += channel.write(pending, position);
        }
        pending.clear();
        if (pending.capacity() > WRITE_THRESHOLD * 2) {
            pending = ByteBuffer.allocate(8 * 1024);
        }
    }

    /** Drops the entries buffered since the last {@link #write()}. */
    void discardUnwritten() {
        pending.clear();
    }

    /**
     * Writes the buffered bytes and forces the file's data to disk. A failed force is a
     * {@link java.io.SyncFailedException}: after it the kernel may have dropped the dirty pages, so
     * what the file holds is no longer known.
     */
    void sync() throws IOException {
        write();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw SyncFailures.of(file, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
