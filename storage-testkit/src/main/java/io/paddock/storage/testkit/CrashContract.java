package io.paddock.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.Storage;
import io.paddock.api.txn.TxnEntry;
import io.paddock.storage.testkit.SampleTrees.CollectingSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Durability across a real crash: a {@link CrashWriter} child JVM writes through the backend
 * and is killed with SIGKILL at random moments; what it acknowledged must be there on reopen,
 * and nothing half-written may show.
 *
 * <p>System properties for deeper runs: {@code paddock.testkit.crashIterations} (kills per
 * test, default 4) and {@code paddock.testkit.seed} (to replay a run; each failure names its seed).
 */
public abstract class CrashContract extends StorageContract {
    private static final int ITERATIONS = Integer.getInteger("paddock.testkit.crashIterations", 4);

    private final long seed = Long.getLong("paddock.testkit.seed", System.nanoTime());

    private WriterProcess startWriter(String mode, int iteration, Random random) throws IOException {
        Path stderr = dir.resolve(mode + "-writer-" + iteration + ".err");
        return WriterProcess.start(mode, backend().getClass().getName(), options(), random.nextLong(), stderr);
    }

    @Test
    void everyAcknowledgedTxnSurvivesASigkillAndTheLogStaysAGapFreePrefix() throws Exception {
        Random random = new Random(seed);
        long last = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String context = "seed " + seed + ", kill " + (i + 1);
            long acked;
            try (WriterProcess writer = startWriter("txns", i, random)) {
                assertThat(writer.awaitOpened()).as(context + ": last zxid the writer found").isEqualTo(last);
                // Kill early on one round (maybe mid-batch of the first flush), later on others.
                writer.awaitAcks(i == 0 ? 1 : 1 + random.nextInt(600));
                acked = writer.kill();
            }
            try (Storage s = open()) {
                last = s.txnLog().lastZxid();
                assertThat(last).as(context + ": last zxid after reopening").isGreaterThanOrEqualTo(acked);
                // Zxids 1..last, each entry exactly as written: no hole, no garbage, no torn entry.
                List<TxnEntry> expected = new ArrayList<>();
                for (long z = 1; z <= last; z++) {
                    expected.add(SampleTxns.crashEntry(z));
                }
                assertSameEntries(readAfter(s.txnLog(), 0), expected);
                last++;
                s.txnLog().append(SampleTxns.crashEntry(last));
                s.txnLog().flush();
            }
            try (Storage s = open()) {
                assertThat(s.txnLog().lastZxid()).as(context + ": appending after recovery").isEqualTo(last);
                assertSameEntries(readAfter(s.txnLog(), last - 1), List.of(SampleTxns.crashEntry(last)));
            }
        }
    }

    @Test
    void aSigkillWhileWritingASnapshotLeavesTheNewestWholeSnapshotLoadable() throws Exception {
        Random random = new Random(seed);
        long acked = -1;
        int iterations = Math.max(2, ITERATIONS - 1);
        for (int i = 0; i < iterations; i++) {
            String context = "seed " + seed + ", kill " + (i + 1);
            try (WriterProcess writer = startWriter("snapshots", i, random)) {
                writer.awaitOpened();
                // The first kill comes as the first snapshot is being written; the others after a
                // few whole ones, at a random point of the next.
                int whole = i == 0 ? 0 : random.nextInt(3);
                writer.awaitAcks(whole);
                writer.awaitWritesBegun(whole + 1, Duration.ofMillis(1 + random.nextInt(60)));
                acked = Math.max(acked, writer.kill());
            }
            try (Storage s = open()) {
                CollectingSink sink = new CollectingSink();
                OptionalLong loaded = s.snapshots().loadNewest(sink);
                if (acked < 0) {
                    // Nothing acknowledged yet: no snapshot, or one written whole before the kill.
                    if (loaded.isEmpty()) {
                        assertThat(sink.nodes).as(context).isEmpty();
                        continue;
                    }
                } else {
                    assertThat(loaded).as(context + ": loaded snapshot, the last acknowledged being " + acked).isPresent();
                    assertThat(loaded.getAsLong()).as(context).isGreaterThanOrEqualTo(acked);
                }
                long zxid = loaded.getAsLong();
                SampleTrees.assertLoaded(sink,
                        SampleTrees.large(zxid, CrashWriter.SNAPSHOT_NODES, CrashWriter.SNAPSHOT_MAX_DATA));
                assertThat(s.snapshots().list()).as(context).contains(zxid);
            }
        }
    }
}
