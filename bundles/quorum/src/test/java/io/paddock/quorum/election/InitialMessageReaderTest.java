package io.paddock.quorum.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.quorum.wire.InitialMessage;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitialMessageReaderTest {
    private static final InitialMessage HEADER = InitialMessage.v2(7, List.of("10.0.0.7:3888", "[0:0:0:0:0:0:0:1]:3889"));

    private static ByteBuffer header(long version, long sid, int length, byte[] address) {
        ByteBuffer b = ByteBuffer.allocate(20 + address.length);
        return b.putLong(version).putLong(sid).putInt(length).put(address).flip();
    }

    @Test
    void readsAHeaderCutAtEveryPosition() throws Exception {
        byte[] bytes = HEADER.toBytes();
        for (int cut = 0; cut < bytes.length; cut++) {
            InitialMessageReader reader = new InitialMessageReader();
            assertThat(reader.read(ByteBuffer.wrap(bytes, 0, cut))).as("after %d bytes", cut).isNull();
            assertThat(reader.read(ByteBuffer.wrap(bytes, cut, bytes.length - cut))).isEqualTo(HEADER);
        }
    }

    @Test
    void readsAHeaderThatArrivesOneByteAtATime() throws Exception {
        InitialMessageReader reader = new InitialMessageReader();
        InitialMessage read = null;
        for (byte b : HEADER.toBytes()) {
            assertThat(read).isNull();
            read = reader.read(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(read).isEqualTo(HEADER);
    }

    @Test
    void leavesTheBytesAfterTheHeaderInTheChunk() throws Exception {
        byte[] header = HEADER.toBytes();
        ByteBuffer chunk = ByteBuffer.allocate(header.length + 3).put(header).put(new byte[] {1, 2, 3}).flip();

        assertThat(new InitialMessageReader().read(chunk)).isEqualTo(HEADER);
        assertThat(chunk.remaining()).isEqualTo(3);
        assertThat(chunk.get()).isEqualTo((byte) 1);
    }

    @Test
    void readsTheSidAloneThatServersBefore35Send() throws Exception {
        InitialMessage read = new InitialMessageReader().read(ByteBuffer.allocate(8).putLong(0, 4));

        assertThat(read.protocolVersion()).isEqualTo(InitialMessage.PROTOCOL_VERSION_NONE);
        assertThat(read.sid()).isEqualTo(4);
    }

    @Test
    void refusesAnUnknownVersionAsSoonAsItsEightBytesArrive() {
        ByteBuffer version = ByteBuffer.allocate(8).putLong(0, -65534L);

        assertThatThrownBy(() -> new InitialMessageReader().read(version))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("-65534");
    }

    @Test
    void refusesAnAddressLengthAboveTheLimitWithoutWaitingForTheAddress() {
        ByteBuffer fixed = header(InitialMessage.PROTOCOL_VERSION_V2, 3, 2049, new byte[0]);

        assertThatThrownBy(() -> new InitialMessageReader().read(fixed))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("2049");
    }

    @Test
    void refusesAnEmptyAddress() {
        ByteBuffer fixed = header(InitialMessage.PROTOCOL_VERSION_V1, 3, 0, new byte[0]);

        assertThatThrownBy(() -> new InitialMessageReader().read(fixed))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("length 0");
    }

    @Test
    void refusesAnAddressWithoutAPortOnceItIsComplete() throws Exception {
        byte[] address = "10.0.0.3".getBytes();
        InitialMessageReader reader = new InitialMessageReader();
        ByteBuffer whole = header(InitialMessage.PROTOCOL_VERSION_V2, 3, address.length, address);

        assertThat(reader.read(whole.slice(0, whole.limit() - 1))).isNull();
        assertThatThrownBy(() -> reader.read(whole.slice(whole.limit() - 1, 1)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("10.0.0.3");
    }
}
