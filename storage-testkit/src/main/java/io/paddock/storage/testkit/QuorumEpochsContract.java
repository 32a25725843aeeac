package io.paddock.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.Storage;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What {@link QuorumEpochs}' javadoc promises, checked on a backend. */
public abstract class QuorumEpochsContract extends StorageContract {

    @Test
    void epochsNeverWrittenReadAsNone() throws IOException {
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isEqualTo(QuorumEpochs.NONE);
            assertThat(s.epochs().current()).isEqualTo(QuorumEpochs.NONE);
        }
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isEqualTo(QuorumEpochs.NONE);
        }
    }

    @Test
    void aWrittenEpochReadsBackAndSurvivesReopening() throws IOException {
        try (Storage s = open()) {
            s.epochs().setAccepted(5);
            s.epochs().setCurrent(4);
            assertThat(s.epochs().accepted()).isEqualTo(5);
            assertThat(s.epochs().current()).isEqualTo(4);
        }
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isEqualTo(5);
            assertThat(s.epochs().current()).isEqualTo(4);
        }
    }

    @Test
    void epochZeroIsAnEpochNotNone() throws IOException {
        try (Storage s = open()) {
            s.epochs().setAccepted(0);
            s.epochs().setCurrent(0);
        }
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isZero();
            assertThat(s.epochs().current()).isZero();
        }
    }

    @Test
    void acceptedAndCurrentAreIndependent() throws IOException {
        try (Storage s = open()) {
            s.epochs().setAccepted(7);
            assertThat(s.epochs().current()).isEqualTo(QuorumEpochs.NONE);
            s.epochs().setCurrent(3);
            assertThat(s.epochs().accepted()).isEqualTo(7);
            s.epochs().setAccepted(8);
            assertThat(s.epochs().current()).isEqualTo(3);
        }
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isEqualTo(8);
            assertThat(s.epochs().current()).isEqualTo(3);
        }
    }

    @Test
    void theLastWriteWinsAcrossReopens() throws IOException {
        long big = 0xffff_fffeL;
        for (long epoch : new long[] {1, big, 2}) {
            try (Storage s = open()) {
                s.epochs().setAccepted(epoch);
                s.epochs().setCurrent(epoch + 1);
            }
            try (Storage s = open()) {
                assertThat(s.epochs().accepted()).isEqualTo(epoch);
                assertThat(s.epochs().current()).isEqualTo(epoch + 1);
            }
        }
    }

    @Test
    void epochsAreKeptApartFromTheLogAndSnapshots() throws IOException {
        try (Storage s = open()) {
            s.epochs().setAccepted(2);
            s.txnLog().append(SampleTxns.create(Zxid.of(2, 1)));
            s.txnLog().flush();
            s.snapshots().write(Zxid.of(2, 1), SampleTrees.sample(1));
            s.txnLog().truncateAfter(0);
            s.snapshots().purge(1);
        }
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isEqualTo(2);
            assertThat(s.epochs().current()).isEqualTo(QuorumEpochs.NONE);
        }
    }
}
