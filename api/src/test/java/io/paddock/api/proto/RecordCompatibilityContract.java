package io.paddock.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks every record kind must pass against ZooKeeper's jute classes, run for every
 * {@link Sample}. A subclass supplies the table of kinds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RecordCompatibilityContract {

    protected abstract List<RecordKind> kinds();

    Stream<Arguments> cases() {
        return kinds().stream().flatMap(kind -> Sample.all().map(sample -> Arguments.of(kind, sample)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void encodesTheSameBytesAsZooKeeperAndDecodesZooKeepersBytes(RecordKind kind, Sample sample) {
        ZooKeeperJute.assertCompatible(kind.ours().apply(sample), kind.theirs().apply(sample), kind.reader());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void bytesAfterTheRecordAreLeftUnread(RecordKind kind, Sample sample) {
        byte[] record = ZooKeeperJute.serialize(kind.theirs().apply(sample));
        byte[] withTrailer = Arrays.copyOf(record, record.length + 3);
        withTrailer[record.length] = 0x42;

        JuteInput in = JuteInput.of(withTrailer);
        assertThat(kind.reader().apply(in)).usingRecursiveComparison().isEqualTo(kind.ours().apply(sample));
        assertThat(in.remaining()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void everyTruncationOfTheRecordThrowsJuteException(RecordKind kind, Sample sample) {
        byte[] record = ZooKeeperJute.serialize(kind.theirs().apply(sample));
        // Without its optional last field a record is still whole, so cut at least 2 bytes and
        // leave at least 1 (for closeSession, whose whole body is optional).
        int shortest = kind.optionalTail() ? 1 : 0;
        int longest = kind.optionalTail() ? record.length - 2 : record.length - 1;
        IntStream.rangeClosed(shortest, longest).forEach(len -> {
            JuteInput in = JuteInput.of(Arrays.copyOf(record, len));
            assertThatThrownBy(() -> kind.reader().apply(in))
                    .as("%d of %d bytes", len, record.length)
                    .isInstanceOf(JuteException.class);
        });
    }
}
