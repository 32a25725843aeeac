package io.paddock.quorum.election;

import static io.paddock.quorum.election.ElectionBytes.concat;
import static io.paddock.quorum.election.ElectionBytes.framed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionMessageReaderTest {
    private static List<String> texts(List<ByteBuffer> messages) {
        return messages.stream().map(m -> StandardCharsets.UTF_8.decode(m).toString()).toList();
    }

    @Test
    void cutsTwoMessagesOutOfAStreamSplitAtEveryPosition() throws Exception {
        byte[] stream = concat(framed("first"), framed("second")).array();
        for (int cut = 0; cut <= stream.length; cut++) {
            ElectionMessageReader reader = new ElectionMessageReader();
            List<ByteBuffer> got = new ArrayList<>();
            reader.read(ByteBuffer.wrap(stream, 0, cut), got::add);
            reader.read(ByteBuffer.wrap(stream, cut, stream.length - cut), got::add);

            assertThat(texts(got)).as("cut at %d", cut).containsExactly("first", "second");
        }
    }

    @Test
    void readsMessagesArrivingOneByteAtATime() throws Exception {
        ElectionMessageReader reader = new ElectionMessageReader();
        List<ByteBuffer> got = new ArrayList<>();
        for (byte b : concat(framed("a"), framed("bc"), framed("def")).array()) {
            reader.read(ByteBuffer.wrap(new byte[] {b}), got::add);
        }
        assertThat(texts(got)).containsExactly("a", "bc", "def");
    }

    @Test
    void handsAMessageWhollyInsideAChunkOverAsASliceOfIt() throws Exception {
        ByteBuffer chunk = ByteBuffer.wrap(framed("whole"));
        List<ByteBuffer> got = new ArrayList<>();

        new ElectionMessageReader().read(chunk, got::add);

        assertThat(got).hasSize(1);
        assertThat(got.get(0).array()).isSameAs(chunk.array());
    }

    @Test
    void acceptsAMessageOfExactlyTheLimit() throws Exception {
        int limit = ElectionMessageReader.MAX_MESSAGE_LENGTH;
        ByteBuffer chunk = ByteBuffer.allocate(4 + limit).putInt(limit).position(4 + limit).flip();
        List<ByteBuffer> got = new ArrayList<>();

        new ElectionMessageReader().read(chunk, got::add);

        assertThat(got).singleElement().extracting(ByteBuffer::remaining).isEqualTo(limit);
    }

    @Test
    void refusesALengthAboveHalfAMebibyteBeforeItsBytesArrive() {
        ByteBuffer length = ByteBuffer.allocate(4).putInt(0, 512 * 1024 + 1);

        assertThatThrownBy(() -> new ElectionMessageReader().read(length, m -> { }))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("524289");
    }

    @Test
    void refusesZeroAndNegativeLengthsAsZooKeepersRecvWorkerDoes() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            ByteBuffer length = ByteBuffer.allocate(4).putInt(0, bad);

            assertThatThrownBy(() -> new ElectionMessageReader().read(length, m -> { }))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining(Integer.toString(bad));
        }
    }
}
