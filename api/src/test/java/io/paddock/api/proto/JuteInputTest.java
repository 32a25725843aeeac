package io.paddock.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.jute.BinaryInputArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad and unusual input to the jute reader (protocol.md §1). */
class JuteInputTest {

    static Stream<Arguments> lengthPrefixedReads() {
        return Stream.of(
                Arguments.of("buffer", (Function<JuteInput, Object>) JuteInput::readBuffer),
                Arguments.of("string", (Function<JuteInput, Object>) JuteInput::readString),
                Arguments.of("vector", (Function<JuteInput, Object>) JuteInput::readStrings));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthPrefixedReads")
    void lengthMinusOneIsNull(String kind, Function<JuteInput, Object> read) {
        assertThat(read.apply(input(-1))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthPrefixedReads")
    void lengthBelowMinusOneIsRejected(String kind, Function<JuteInput, Object> read) {
        for (int len : new int[] {-2, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> read.apply(input(len, 0, 0, 0, 0)))
                    .isInstanceOf(JuteException.class)
                    .hasMessageContaining("invalid " + kind + " length " + len);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthPrefixedReads")
    void lengthLongerThanTheRestOfTheRecordIsTruncation(String kind, Function<JuteInput, Object> read) {
        assertThatThrownBy(() -> read.apply(input(5, 'a', 'b')))
                .isInstanceOf(JuteException.class)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"buffer", "string"})
    void lengthAboveTheCapIsRejectedEvenWhenTheBytesArePresent(String kind) {
        JuteInput in = new JuteInput(ByteBuffer.allocate(4 + 17).putInt(0, 17), 16);

        assertThatThrownBy(() -> read(kind, in))
                .isInstanceOf(JuteException.class)
                .hasMessageContaining("invalid " + kind + " length 17");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"buffer", "string"})
    void lengthAtTheCapIsAccepted(String kind) {
        JuteInput in = new JuteInput(ByteBuffer.allocate(4 + 16).putInt(0, 16), 16);

        read(kind, in);

        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void defaultCapIsZooKeepersJuteMaxBufferPlusItsExtraSize() {
        // §1: jute.maxbuffer 0xfffff plus zookeeper.jute.maxbuffer.extrasize 0xfffff.
        assertThat(JuteInput.DEFAULT_MAX_LENGTH).isEqualTo(2_097_150);
        assertThatThrownBy(() -> input(JuteInput.DEFAULT_MAX_LENGTH + 1).readBuffer())
                .isInstanceOf(JuteException.class)
                .hasMessageContaining("invalid buffer length 2097151");
    }

    @Test
    void vectorCountBeyondTheRemainingBytesIsRejectedBeforeReadingAnyElement() {
        AtomicInteger elementsRead = new AtomicInteger();
        // An ArrayList sized by this count would need gigabytes; the check must come first.
        JuteInput in = input(Integer.MAX_VALUE, 1, 2);

        assertThatThrownBy(() -> in.readVector(i -> elementsRead.incrementAndGet()))
                .isInstanceOf(JuteException.class)
                .hasMessageContaining("vector of 2147483647 elements");
        assertThat(elementsRead).hasValue(0);
    }

    @Test
    void vectorWhoseElementsRunPastTheEndIsTruncation() {
        JuteInput in = input(2, 1, 'a', 5, 'b');

        assertThatThrownBy(() -> in.readVector(Acl::read)).isInstanceOf(JuteException.class);
    }

    @Test
    void missingFixedWidthFieldsAreTruncation() {
        assertThatThrownBy(() -> JuteInput.of(new byte[3]).readInt()).isInstanceOf(JuteException.class);
        assertThatThrownBy(() -> JuteInput.of(new byte[7]).readLong()).isInstanceOf(JuteException.class);
        assertThatThrownBy(() -> JuteInput.of(new byte[0]).readBool()).isInstanceOf(JuteException.class);
    }

    @ParameterizedTest(name = "byte {0}")
    @ValueSource(bytes = {1, 2, 0x7f, -128, -1})
    void anyNonZeroBooleanByteIsTrue(byte b) {
        assertThat(JuteInput.of(new byte[] {b}).readBool()).isTrue();
        assertThat(JuteInput.of(new byte[] {0}).readBool()).isFalse();
    }

    static Stream<Arguments> buffers() {
        byte[] record = JuteOutput.serialize(new WatcherEvent(3, 3, "/ünï/路径"));
        byte[] framed = new byte[record.length + 5];
        System.arraycopy(record, 0, framed, 5, record.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(record.length).put(record).flip();
        return Stream.of(
                Arguments.of("heap", ByteBuffer.wrap(record)),
                Arguments.of("heap slice at an offset", ByteBuffer.wrap(framed).position(5).slice()),
                Arguments.of("heap window at a position", ByteBuffer.wrap(framed).position(5)),
                Arguments.of("read-only heap", ByteBuffer.wrap(record).asReadOnlyBuffer()),
                Arguments.of("direct", direct));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buffers")
    void recordsReadTheSameFromAnyKindOfByteBuffer(String kind, ByteBuffer buffer) {
        assertThat(WatcherEvent.read(new JuteInput(buffer))).isEqualTo(new WatcherEvent(3, 3, "/ünï/路径"));
        assertThat(buffer.hasRemaining()).isFalse();
    }

    @Test
    void invalidUtf8DecodesAsZooKeeperDecodesIt() throws IOException {
        // ZooKeeper's writer encodes each UTF-16 unit of a supplementary character on its own
        // (§1), which its own reader then decodes to replacement characters. We must read the
        // same bytes to the same string; paths cannot contain such characters (§11).
        byte[] zkBytes = ZooKeeperJute.serialize(new org.apache.zookeeper.proto.SyncRequest("/a\uD83D\uDE00"));
        byte[] invalid = {0, 0, 0, 4, '/', (byte) 0xc0, (byte) 0xff, 'x'};

        for (byte[] bytes : List.of(zkBytes, invalid)) {
            String theirs = BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes)).readString("path");
            assertThat(JuteInput.of(bytes).readString()).isEqualTo(theirs);
        }
    }

    private static Object read(String kind, JuteInput in) {
        return kind.equals("buffer") ? in.readBuffer() : in.readString();
    }

    /** Ints as 4-byte big-endian values, except that a char becomes one byte. */
    private static JuteInput input(Object... items) {
        ByteBuffer b = ByteBuffer.allocate(4 * items.length);
        for (Object item : items) {
            if (item instanceof Character c) {
                b.put(String.valueOf(c).getBytes(StandardCharsets.US_ASCII));
            } else {
                b.putInt((Integer) item);
            }
        }
        return new JuteInput(b.flip());
    }
}
