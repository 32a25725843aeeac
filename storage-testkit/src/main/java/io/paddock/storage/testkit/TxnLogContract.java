package io.paddock.storage.testkit;

import static io.paddock.storage.testkit.SampleTxns.create;
import static io.paddock.storage.testkit.SampleTxns.creates;
import static io.paddock.storage.testkit.SampleTxns.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.paddock.api.storage.Storage;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link TxnLog}'s javadoc promises, checked on a backend; each reopen is a new {@code open()}. */
public abstract class TxnLogContract extends StorageContract {

    private static void appendAll(TxnLog log, List<TxnEntry> entries) throws IOException {
        for (TxnEntry e : entries) {
            log.append(e);
        }
    }

    /** Appends and flushes {@code entries}, rolling before each zxid in {@code rollBefore}. */
    private void write(List<TxnEntry> entries, Set<Long> rollBefore) throws IOException {
        try (Storage s = open()) {
            for (TxnEntry e : entries) {
                if (rollBefore.contains(e.zxid())) {
                    s.txnLog().roll();
                }
                s.txnLog().append(e);
            }
            s.txnLog().flush();
        }
    }

    /** Zxids as a quorum makes them: a few epochs, counters restarting at 1 in each. */
    private static List<TxnEntry> acrossEpochs() {
        List<TxnEntry> entries = new ArrayList<>();
        for (long epoch = 1; epoch <= 3; epoch++) {
            for (long counter = 1; counter <= 6; counter++) {
                entries.add(create(Zxid.of(epoch, counter)));
            }
        }
        return entries;
    }

    @Test
    void anEmptyLogHasLastZxidZeroAndReadsNothing() throws IOException {
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isZero();
            assertThat(readAfter(s.txnLog(), 0)).isEmpty();
            s.txnLog().flush();
        }
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isZero();
            assertThat(readAfter(s.txnLog(), 0)).isEmpty();
        }
    }

    @Test
    void flushedEntriesReadBackInOrderAcrossRolls() throws IOException {
        try (Storage s = open()) {
            TxnLog log = s.txnLog();
            appendAll(log, creates(1, 3));
            log.flush();
            log.roll();
            appendAll(log, creates(4, 5));
            log.roll();
            log.roll();
            appendAll(log, creates(6, 6));
            log.flush();
            assertThat(log.lastZxid()).isEqualTo(6);
            assertSameEntries(readAfter(log, 0), creates(1, 6));
        }
    }

    @Test
    void reopeningFindsTheLastZxidAndEveryEntryAndAppendingGoesOn() throws IOException {
        write(creates(1, 3), Set.of());
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isEqualTo(3);
            s.txnLog().append(create(4));
            s.txnLog().flush();
        }
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isEqualTo(4);
            assertSameEntries(readAfter(s.txnLog(), 0), creates(1, 4));
        }
    }

    @Test
    void appendRefusesAZxidThatIsNotGreaterThanTheLastAndLogsNothing() throws IOException {
        try (Storage s = open()) {
            TxnLog log = s.txnLog();
            appendAll(log, creates(4, 5));
            assertThatThrownBy(() -> log.append(create(5, "/same"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.append(create(3))).isInstanceOf(IllegalArgumentException.class);
            log.flush();
            assertThatThrownBy(() -> log.append(create(5, "/same"))).isInstanceOf(IllegalArgumentException.class);
            assertThat(log.lastZxid()).isEqualTo(5);
            log.append(create(6));
            log.flush();
            assertSameEntries(readAfter(log, 0), creates(4, 6));
        }
        try (Storage s = open()) {
            assertThatThrownBy(() -> s.txnLog().append(create(6, "/same"))).isInstanceOf(IllegalArgumentException.class);
            assertSameEntries(readAfter(s.txnLog(), 0), creates(4, 6));
        }
    }

    @Test
    void anErrorTxnMayRepeatTheLastZxidAndBothEntriesAreKept() throws IOException {
        // protocol.md section 7.1: an undecodable write is logged as an error txn reusing the current zxid.
        List<TxnEntry> entries = List.of(create(1), error(1), create(2));
        try (Storage s = open()) {
            appendAll(s.txnLog(), entries);
            s.txnLog().flush();
            assertThat(s.txnLog().lastZxid()).isEqualTo(2);
            assertSameEntries(readAfter(s.txnLog(), 0), entries);
        }
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isEqualTo(2);
            assertSameEntries(readAfter(s.txnLog(), 0), entries);
            assertSameEntries(readAfter(s.txnLog(), 1), List.of(create(2)));
        }
    }

    @Test
    void anErrorTxnRepeatingTheLastZxidRightAfterARollOrAReopenIsKeptWithTheEntryItRepeats() throws IOException {
        try (Storage s = open()) {
            TxnLog log = s.txnLog();
            appendAll(log, creates(1, 3));
            log.flush();
            log.roll();
            log.append(error(3));
            log.append(create(4));
            log.flush();
            log.roll();
            log.append(error(4));
            log.flush();
            assertSameEntries(readAfter(log, 2), List.of(create(3), error(3), create(4), error(4)));
        }
        try (Storage s = open()) {
            s.txnLog().append(error(4));
            s.txnLog().append(create(5));
            s.txnLog().flush();
        }
        try (Storage s = open()) {
            TxnLog log = s.txnLog();
            assertThat(log.lastZxid()).isEqualTo(5);
            List<TxnEntry> all = List.of(create(1), create(2), create(3), error(3), create(4), error(4), error(4), create(5));
            assertSameEntries(readAfter(log, 0), all);
            assertSameEntries(readAfter(log, 2), all.subList(2, all.size()));
            assertSameEntries(readAfter(log, 3), all.subList(4, all.size()));
            assertSameEntries(readAfter(log, 4), List.of(create(5)));
        }
    }

    @Test
    void readAfterAnyZxidReturnsExactlyTheLaterEntries() throws IOException {
        List<TxnEntry> entries = acrossEpochs();
        write(entries, Set.of(Zxid.of(1, 4), Zxid.of(2, 1), Zxid.of(2, 2), Zxid.of(3, 6)));
        try (Storage s = open()) {
            // Every logged zxid, every zxid between two logged ones, and beyond the last.
            List<Long> positions = new ArrayList<>(List.of(0L, Zxid.of(1, 0), Zxid.of(1, 7), Zxid.of(2, 0),
                    Zxid.of(2, 1000), Zxid.of(3, 7), Zxid.of(4, 0), Long.MAX_VALUE - 1));
            positions.addAll(zxids(entries));
            for (long z : positions) {
                List<TxnEntry> later = entries.stream().filter(e -> e.zxid() > z).toList();
                assertSameEntries(readAfter(s.txnLog(), z), later);
            }
        }
    }

    @Test
    void truncateAfterRemovesTheLaterEntriesAndAppendsGoOnAfterIt() throws IOException {
        List<TxnEntry> entries = acrossEpochs();
        write(entries, Set.of(Zxid.of(1, 4), Zxid.of(2, 1), Zxid.of(3, 1)));
        long cut = Zxid.of(2, 3);
        List<TxnEntry> kept = entries.stream().filter(e -> e.zxid() <= cut).toList();
        TxnEntry replacement = create(Zxid.of(3, 1), "/replacement");
        try (Storage s = open()) {
            s.txnLog().truncateAfter(cut);
            assertThat(s.txnLog().lastZxid()).isEqualTo(cut);
            assertSameEntries(readAfter(s.txnLog(), 0), kept);
            assertThat(readAfter(s.txnLog(), cut)).isEmpty();
            s.txnLog().append(replacement);
            s.txnLog().flush();
        }
        List<TxnEntry> expected = new ArrayList<>(kept);
        expected.add(replacement);
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isEqualTo(replacement.zxid());
            assertSameEntries(readAfter(s.txnLog(), 0), expected);
        }
    }

    @Test
    void truncateAfterAZxidBetweenEntriesKeepsThoseBelowIt() throws IOException {
        write(List.of(create(10), create(20), create(30)), Set.of(20L));
        try (Storage s = open()) {
            s.txnLog().truncateAfter(25);
            assertThat(s.txnLog().lastZxid()).isEqualTo(20);
            assertSameEntries(readAfter(s.txnLog(), 0), List.of(create(10), create(20)));
            s.txnLog().append(create(21));
            s.txnLog().flush();
        }
        try (Storage s = open()) {
            assertSameEntries(readAfter(s.txnLog(), 0), List.of(create(10), create(20), create(21)));
        }
    }

    @Test
    void truncateAfterTheLastZxidOrBeyondChangesNothing() throws IOException {
        write(creates(1, 5), Set.of(3L));
        try (Storage s = open()) {
            s.txnLog().truncateAfter(5);
            s.txnLog().truncateAfter(100);
            assertThat(s.txnLog().lastZxid()).isEqualTo(5);
            assertSameEntries(readAfter(s.txnLog(), 0), creates(1, 5));
        }
    }

    @Test
    void truncateAfterUnflushedAppendsDropsThem() throws IOException {
        try (Storage s = open()) {
            TxnLog log = s.txnLog();
            appendAll(log, creates(1, 3));
            log.flush();
            appendAll(log, creates(4, 5));
            log.roll();
            appendAll(log, creates(6, 7));
            log.truncateAfter(4);
            assertThat(log.lastZxid()).isEqualTo(4);
            assertSameEntries(readAfter(log, 0), creates(1, 4));
            log.append(create(5, "/again"));
            log.flush();
        }
        try (Storage s = open()) {
            List<TxnEntry> expected = new ArrayList<>(creates(1, 4));
            expected.add(create(5, "/again"));
            assertSameEntries(readAfter(s.txnLog(), 0), expected);
        }
    }

    @Test
    void truncateAfterAZxidBelowEveryEntryEmptiesTheLog() throws IOException {
        write(creates(5, 8), Set.of(7L));
        try (Storage s = open()) {
            s.txnLog().truncateAfter(3);
            assertThat(s.txnLog().lastZxid()).isZero();
            assertThat(readAfter(s.txnLog(), 0)).isEmpty();
            s.txnLog().append(create(4));
            s.txnLog().flush();
        }
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isEqualTo(4);
            assertSameEntries(readAfter(s.txnLog(), 0), List.of(create(4)));
        }
    }

    @Test
    void purgeThroughKeepsEverythingAReplayFromThatZxidReads() throws IOException {
        List<TxnEntry> entries = acrossEpochs();
        Set<Long> rolls = Set.of(Zxid.of(1, 3), Zxid.of(1, 4), Zxid.of(2, 1), Zxid.of(2, 5), Zxid.of(3, 2));
        write(entries, rolls);
        long last = entries.get(entries.size() - 1).zxid();
        try (Storage s = open()) {
            // Purging moves forward as snapshots do; after each purge, a replay from any later
            // snapshot must still find every entry after it.
            List<Long> purges = List.of(Zxid.of(1, 1), Zxid.of(1, 3), Zxid.of(1, 5), Zxid.of(2, 0), Zxid.of(2, 1),
                    Zxid.of(2, 4), Zxid.of(3, 0), Zxid.of(3, 1));
            for (long p : purges) {
                s.txnLog().purgeThrough(p);
                for (TxnEntry from : entries) {
                    if (from.zxid() >= p) {
                        assertSameEntries(readAfter(s.txnLog(), from.zxid()),
                                entries.stream().filter(e -> e.zxid() > from.zxid()).toList());
                    }
                }
                assertSameEntries(readAfter(s.txnLog(), p), entries.stream().filter(e -> e.zxid() > p).toList());
                assertThat(s.txnLog().lastZxid()).isEqualTo(last);
            }
        }
        long p = Zxid.of(3, 1);
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isEqualTo(last);
            assertSameEntries(readAfter(s.txnLog(), p), entries.stream().filter(e -> e.zxid() > p).toList());
            s.txnLog().purgeThrough(last);
            assertThat(s.txnLog().lastZxid()).isEqualTo(last);
            assertThat(readAfter(s.txnLog(), last)).isEmpty();
            s.txnLog().append(create(last + 1));
            s.txnLog().flush();
        }
        try (Storage s = open()) {
            assertThat(s.txnLog().lastZxid()).isEqualTo(last + 1);
            assertSameEntries(readAfter(s.txnLog(), last), List.of(create(last + 1)));
        }
    }

    @Test
    void entriesNearTheRecordLimitRoundTrip() throws IOException {
        int limit = options().maxRecordLength();
        List<TxnEntry> entries = List.of(SampleTxns.setData(1, 1024 * 1024), create(2),
                SampleTxns.setData(3, limit - 4096), SampleTxns.setData(4, 1024 * 1024));
        write(entries, Set.of(4L));
        try (Storage s = open()) {
            assertSameEntries(readAfter(s.txnLog(), 0), entries);
            assertSameEntries(readAfter(s.txnLog(), 2), entries.subList(2, 4));
        }
    }

    @Test
    void anEntryAboveTheRecordLimitIsRefusedAndLeavesTheLogAsItWas() throws IOException {
        int limit = options().maxRecordLength();
        try (Storage s = open()) {
            TxnLog log = s.txnLog();
            log.append(create(1));
            log.flush();
            Throwable refused = catchThrowable(() -> log.append(SampleTxns.setData(2, limit + 1)));
            // The javadoc does not say how: an invalid argument or a write failure both refuse it.
            assertThat(refused).isInstanceOfAny(IllegalArgumentException.class, IOException.class);
            assertThat(log.lastZxid()).isEqualTo(1);
            log.append(create(2));
            log.flush();
        }
        try (Storage s = open()) {
            assertSameEntries(readAfter(s.txnLog(), 0), creates(1, 2));
        }
    }

    @Test
    void everyTxnTypeRoundTripsWithAndWithoutADigest() throws IOException {
        List<TxnEntry> entries = new ArrayList<>(SampleTxns.everyType(1, true));
        entries.addAll(SampleTxns.everyType(entries.size() + 1, false));
        try (Storage s = open()) {
            appendAll(s.txnLog(), entries);
            s.txnLog().flush();
            assertSameEntries(readAfter(s.txnLog(), 0), entries);
        }
        try (Storage s = open()) {
            assertSameEntries(readAfter(s.txnLog(), 0), entries);
        }
    }
}
