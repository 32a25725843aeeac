package io.paddock.storage.rocksdb;

import static io.paddock.storage.rocksdb.Txns.create;
import static io.paddock.storage.rocksdb.Txns.readAll;
import static io.paddock.storage.rocksdb.Txns.zxids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnLog;
import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A log on a small file system that fills up: runs only when {@code paddock.test.smallFs} names a
 * directory on one (for example a 16 MiB tmpfs), since a test cannot mount one by itself.
 */
@Tag("smallfs") // left out of the default run: mvn -Psmallfs -Dpaddock.test.smallFs=<dir on a small tmpfs>
@EnabledIfSystemProperty(named = "paddock.test.smallFs", matches = ".+")
class FullDiskTest {
    /** Takes all the space there is, bar 256 KiB. */
    private static void fill(Path filler) throws IOException {
        long free = Files.getFileStore(filler.getParent()).getUsableSpace();
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            for (long left = free - 256 * 1024; left > 0; left -= block.length) {
                out.write(block);
            }
        }
    }

    @Test
    void aFullDiskIsAWriteFailureAfterWhichTruncateAndAppendsWork() throws IOException {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("paddock.test.smallFs")), "full-");
        Path filler = dir.resolve("filler");
        try (Storage storage = new RocksDbStorageBackend().open(StorageOptions.of(dir.resolve("db")))) {
            TxnLog log = storage.txnLog();
            log.append(create(1));
            log.flush();
            fill(filler);

            IOException failure = null;
            byte[] big = new byte[512 * 1024];
            for (long z = 2; failure == null && z < 10_000; z++) {
                try {
                    log.append(create(z, big));
                    log.flush();
                } catch (IOException e) {
                    failure = e;
                }
            }
            assertThat(failure).isNotNull().isNotInstanceOf(SyncFailedException.class);
            long durable = log.lastZxid() - 1;

            Files.delete(filler); // the operator makes room
            log.truncateAfter(durable);
            log.append(create(durable + 1));
            log.flush();

            assertThat(log.lastZxid()).isEqualTo(durable + 1);
            assertThat(zxids(readAll(log, durable - 1))).containsExactly(durable, durable + 1);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            assertThatThrownBy(() -> Files.size(filler)).isInstanceOf(IOException.class);
        }
    }
}
