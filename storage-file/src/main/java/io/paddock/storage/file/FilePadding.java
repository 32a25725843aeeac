package io.paddock.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Grows a log file ahead of its writes, as ZooKeeper's FilePadding does (protocol.md section
 * 16.3): when the write position comes within 4 KiB of the allocated size, the file is extended
 * by the preallocation size by writing one zero byte at the new end, so later appends do not
 * change the file size and a sync need not write metadata. Readers stop at the zero length.
 */
final class FilePadding {
    static final long MARGIN = 4096;

    private final long preallocBytes;
    private long allocated;

    FilePadding(long preallocBytes, long allocated) {
        this.preallocBytes = preallocBytes;
        this.allocated = allocated;
    }

    /** Extends the file if writing up to {@code position} comes too close to its allocated end. */
    void padFor(FileChannel channel, long position) throws IOException {
        long size = sizeWithPadding(position, allocated, preallocBytes);
        if (size != allocated) {
            channel.write(ByteBuffer.allocate(1), size - 1);
            allocated = size;
        }
    }

    /** ZooKeeper's FilePadding.calculateFileSizeWithPadding. */
    static long sizeWithPadding(long position, long fileSize, long preallocBytes) {
        if (preallocBytes > 0 && position + MARGIN >= fileSize) {
            if (position > fileSize) {
                long size = position + preallocBytes;
                return size - size % preallocBytes;
            }
            return fileSize + preallocBytes;
        }
        return fileSize;
    }
}
