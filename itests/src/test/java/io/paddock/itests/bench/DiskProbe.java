package io.paddock.itests.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * How long the disk under the benchmark's folder takes to make a small write durable: the cost
 * both servers pay for every write batch. Appends 4 KiB and forces it, {@code samples} times.
 */
final class DiskProbe {
    private static final int BLOCK = 4096;

    record FsyncLatency(int samples, long p50Micros, long p99Micros) {
    }

    private DiskProbe() {
    }

    static FsyncLatency measure(Path dir, int samples) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("fsync-probe.bin");
        Histogram histogram = new Histogram(3);
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < samples; i++) {
                block.clear();
                long t0 = System.nanoTime();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                // force(false) is the fdatasync both servers' txn logs use.
                ch.force(false);
                histogram.recordValue((System.nanoTime() - t0) / 1000);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return new FsyncLatency(samples, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99));
    }
}
