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
import java.util.Set;
import java.util.TreeSet;
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
        return WriterProcess.start(mode, backend().getClass().getName(), options(), random.nextLong(),
                dir.resolve(mode + "-writer-" + iteration));
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

    /**
     * The writer removes snapshots as a TRUNC does and is killed as a removal begins, so the kill
     * lands in the removal or soon after it. A removal acknowledged stays done; one cut short
     * may leave any of its snapshots, each whole; every acknowledged snapshot not removed stays.
     */
    @Test
    void aSigkillAroundARemovalLeavesOnlyWholeSnapshotsAndNoneItAcknowledgedRemoving() throws Exception {
        Random random = new Random(seed);
        int iterations = Math.max(2, ITERATIONS - 1);
        for (int i = 0; i < iterations; i++) {
            String context = "seed " + seed + ", kill " + (i + 1);
            List<String> transcript;
            long beingWritten;
            try (WriterProcess writer = startWriter("removals", i, random)) {
                // Each round below ends with an empty store.
                assertThat(writer.awaitOpened()).as(context).isZero();
                writer.awaitRemovalsBegun(1 + random.nextInt(4));
                beingWritten = Math.max(writer.kill(), 0) + 1;
                transcript = writer.transcript();
            }
            // Replay what the writer acknowledged: what must be there, and what may.
            TreeSet<Long> kept = new TreeSet<>();
            Set<Long> cutShort = Set.of();
            for (String line : transcript) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "open" -> { }
                    case "removing" -> cutShort = Set.copyOf(kept.tailSet(Long.parseLong(words[1]), false));
                    case "removed" -> {
                        kept.tailSet(Long.parseLong(words[1]), false).clear();
                        cutShort = Set.of();
                    }
                    default -> kept.add(Long.parseLong(line));
                }
            }
            try (Storage s = open()) {
                List<Long> listed = s.snapshots().list();
                Set<Long> mustStay = new TreeSet<>(kept);
                mustStay.removeAll(cutShort);
                assertThat(listed).as(context + ": acknowledged snapshots no removal took (transcript %s)", transcript)
                        .containsAll(mustStay);
                assertThat(listed).as(context + ": only acknowledged snapshots no finished removal took, or the one"
                        + " being written (transcript %s)", transcript)
                        .allMatch(z -> kept.contains(z) || z == beingWritten);
                // Each one left loads whole: load the newest, then remove it to load the next.
                for (long z : listed) {
                    CollectingSink sink = new CollectingSink();
                    assertThat(s.snapshots().loadNewest(sink)).as(context + ": the newest of %s", listed).hasValue(z);
                    SampleTrees.assertLoaded(sink, SampleTrees.sample(z));
                    s.snapshots().removeAfter(z - 1);
                }
                assertThat(s.snapshots().list()).as(context).isEmpty();
            }
        }
    }
}
