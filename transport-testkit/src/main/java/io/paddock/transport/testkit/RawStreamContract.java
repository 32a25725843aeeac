package io.paddock.transport.testkit;

import static io.paddock.transport.testkit.RawPeer.frame;
import static io.paddock.transport.testkit.RawPeer.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.IntSummaryStatistics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.TransportOptions;

/**
 * Unframed connections ({@link TransportOptions#rawStream()}), as the quorum and election ports
 * use them: the bytes arrive in order, in chunks of 1 to {@code maxFrameLength} bytes, whatever
 * they look like; no preamble is offered; pausing holds bytes back without losing any. The far
 * side is a plain socket where that shows more clearly what is on the wire.
 */
public abstract class RawStreamContract extends TransportContract {
    /** Long enough for bytes that should not come to show up, were they coming. */
    private static final Duration QUIET = Duration.ofMillis(300);
    /** Several MiB each way: far more than a read buffer holds, so reads are cut many ways. */
    private static final int STREAM_SIZE = 4 * 1024 * 1024;
    /** Far more than loopback socket buffers hold, so a sender that is not read from has to wait. */
    private static final int BACKLOG_SIZE = 32 * 1024 * 1024;

    private static TransportOptions raw() {
        return TransportOptions.defaults().asRawStream();
    }

    private static TransportOptions raw(int maxFrameLength) {
        return new TransportOptions(maxFrameLength, 0).asRawStream();
    }

    private Listener listen(TransportOptions options, StreamRecordingHandler handler) throws IOException {
        return transport().listen(ANY_LOCAL_PORT, options, handler);
    }

    /** A plain socket for a connection of the transport's own to reach. */
    private static ServerSocket farEnd() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static InetSocketAddress address(ServerSocket socket) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private static void writeAll(RawPeer peer, RandomStream stream) {
        try {
            for (ByteBuffer piece : stream.pieces()) {
                peer.write(piece);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitBytes(StreamRecordingHandler handler, long count) {
        await().atMost(WAIT).until(() -> handler.receivedBytes() >= count);
    }

    private static void assertChunksWithin(StreamRecordingHandler handler, int maxFrameLength) {
        IntSummaryStatistics sizes = handler.chunkSizes();
        assertThat(sizes.getMin()).as("smallest chunk").isPositive();
        assertThat(sizes.getMax()).as("largest chunk").isLessThanOrEqualTo(maxFrameLength);
    }

    /**
     * Sends a random stream each way at once, in random-size pieces, and checks that both
     * arrive whole and in order.
     */
    private static void exchange(Connection near, StreamRecordingHandler nearHandler, RawPeer far) throws Exception {
        RandomStream toNear = RandomStream.of(STREAM_SIZE, 1);
        RandomStream toFar = RandomStream.of(STREAM_SIZE, 2);
        // The far side writes from another thread, so both sides write before either has read.
        CompletableFuture<Void> farWriter = CompletableFuture.runAsync(() -> writeAll(far, toNear));
        toFar.pieces().forEach(near::sendRaw);

        assertThat(toFar.firstMismatch(far.readBytes(toFar.size()))).as("first wrong byte at the far side")
                .isEqualTo(-1);
        farWriter.get(10, TimeUnit.SECONDS);
        awaitBytes(nearHandler, toNear.size());
        assertThat(toNear.firstMismatch(nearHandler.received())).as("first wrong byte at the near side")
                .isEqualTo(-1);
        assertChunksWithin(nearHandler, TransportOptions.DEFAULT_MAX_FRAME_LENGTH);
        assertThat(nearHandler.preambleCalls).hasValue(0);
        assertThat(near.isOpen()).isTrue();
    }

    @Test
    void optionsAreFramedUntilAskedForARawStreamWhichKeepsTheRest() {
        TransportOptions framed = new TransportOptions(1234, 5);
        assertThat(TransportOptions.defaults().rawStream()).isFalse();
        assertThat(framed.rawStream()).isFalse();
        assertThat(framed.asRawStream()).isEqualTo(new TransportOptions(1234, 5, null, true));
    }

    @Test
    void randomBytesArriveIntactAndInOrderBothWaysOnAnAcceptedConnection() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            exchange(server.opened.get(10, TimeUnit.SECONDS), server, peer);
        }
    }

    @Test
    void randomBytesArriveIntactAndInOrderBothWaysOnAConnectedConnection() throws Exception {
        try (ServerSocket far = farEnd()) {
            StreamRecordingHandler client = new StreamRecordingHandler();
            Connection connection = transport().connect(address(far), raw(), client, WAIT);
            try (RawPeer peer = RawPeer.wrap(far.accept())) {
                exchange(connection, client, peer);
                assertThat(client.opened).isCompletedWithValue(connection);
            }
        }
    }

    @Test
    void rawConnectionToARawListenerOfTheSameTransportCarriesBytesEachWay() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        StreamRecordingHandler client = new StreamRecordingHandler();
        Connection connection = transport().connect(listener.localAddress(), raw(), client, WAIT);
        Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
        RandomStream toServer = RandomStream.of(STREAM_SIZE, 3);
        RandomStream toClient = RandomStream.of(STREAM_SIZE, 4);

        // One way at a time: a transport may stop reading a connection whose writes are backed up
        // (Netty does), so two of its connections that both queue megabytes for each other before
        // reading can stall each other for good.
        toServer.pieces().forEach(connection::sendRaw);
        awaitBytes(server, toServer.size());
        toClient.pieces().forEach(accepted::sendRaw);
        awaitBytes(client, toClient.size());

        assertThat(toServer.firstMismatch(server.received())).isEqualTo(-1);
        assertThat(toClient.firstMismatch(client.received())).isEqualTo(-1);
        assertThat(server.preambleCalls).hasValue(0);
        assertThat(client.preambleCalls).hasValue(0);
    }

    @Test
    void chunksAreNeverLargerThanMaxFrameLengthOnAcceptedOrConnectedConnections() throws Exception {
        int maxFrameLength = 7;
        RandomStream stream = RandomStream.of(64 * 1024, 5);

        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(maxFrameLength), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(stream.bytes());
            awaitBytes(server, stream.size());
        }
        assertThat(stream.firstMismatch(server.received())).isEqualTo(-1);
        assertChunksWithin(server, maxFrameLength);

        try (ServerSocket far = farEnd()) {
            StreamRecordingHandler client = new StreamRecordingHandler();
            transport().connect(address(far), raw(maxFrameLength), client, WAIT);
            try (RawPeer peer = RawPeer.wrap(far.accept())) {
                peer.write(stream.bytes());
                awaitBytes(client, stream.size());
            }
            assertThat(stream.firstMismatch(client.received())).isEqualTo(-1);
            assertChunksWithin(client, maxFrameLength);
        }
    }

    @Test
    void fourLetterWordsAreJustDataAndNoPreambleIsOffered() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write("ruok".getBytes(StandardCharsets.US_ASCII));
            awaitBytes(server, 4);
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            accepted.sendRaw(utf8("still open"));
            assertThat(new String(peer.readBytes(10), StandardCharsets.US_ASCII)).isEqualTo("still open");

            // stmk is the word that asks for a trailer on a framed port.
            peer.write("stmk12345678".getBytes(StandardCharsets.US_ASCII));
            awaitBytes(server, 16);

            assertThat(server.receivedText()).isEqualTo("ruokstmk12345678");
            assertThat(server.preambleCalls).hasValue(0);
            assertThat(server.closed).isNotDone();
        }
    }

    @Test
    void negativeAndHugeLengthsAreJustDataWhateverTheLimit() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(16), server);
        byte[] words = ByteBuffer.allocate(16).putInt(-1).putInt(Integer.MAX_VALUE).putInt(17)
                .putInt(Integer.MIN_VALUE).array();
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(words);
            awaitBytes(server, words.length);
            // Still open: more bytes still come.
            peer.write(words);
            awaitBytes(server, 2L * words.length);

            assertThat(server.received()).isEqualTo(RawPeer.concat(words, words));
            assertThat(server.closed).isNotDone();
            assertThat(server.preambleCalls).hasValue(0);
        }
    }

    @Test
    void connectedConnectionTakesALengthAboveTheLimitAsData() throws Exception {
        try (ServerSocket far = farEnd()) {
            StreamRecordingHandler client = new StreamRecordingHandler();
            Connection connection = transport().connect(address(far), raw(16), client, WAIT);
            try (RawPeer peer = RawPeer.wrap(far.accept())) {
                peer.writeInt(17);
                peer.writeInt(-1);
                awaitBytes(client, 8);
                connection.sendRaw(utf8("ok"));

                assertThat(new String(peer.readBytes(2), StandardCharsets.US_ASCII)).isEqualTo("ok");
                assertThat(client.received()).isEqualTo(ByteBuffer.allocate(8).putInt(17).putInt(-1).array());
                assertThat(client.closed).isNotDone();
            }
        }
    }

    @Test
    void pauseFromInsideOnFrameHoldsBackBytesAlreadyReadUntilResume() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        AtomicBoolean paused = new AtomicBoolean();
        server.chunkReaction = (connection, chunk) -> {
            if (paused.compareAndSet(false, true)) {
                connection.pauseReading();
            }
        };
        // Small chunks, so the read that brings the first one brings more that must wait.
        Listener listener = listen(raw(1000), server);
        RandomStream stream = RandomStream.of(256 * 1024, 6);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    peer.write(stream.bytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            await().atMost(WAIT).until(() -> server.chunkCount() == 1);
            await().during(QUIET).atMost(WAIT).until(() -> server.chunkCount() == 1);
            accepted.resumeReading();

            writer.get(10, TimeUnit.SECONDS);
            awaitBytes(server, stream.size());
            assertThat(stream.firstMismatch(server.received())).isEqualTo(-1);
            assertChunksWithin(server, 1000);
        }
    }

    @Test
    void pausedConnectionStopsReadingSoTheSenderIsHeldBackAndResumeLosesNothing() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        RandomStream stream = RandomStream.of(BACKLOG_SIZE, 7);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            accepted.pauseReading();
            AtomicBoolean writerDone = new AtomicBoolean();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                writeAll(peer, stream);
                writerDone.set(true);
            });

            // Socket buffers fill and the peer's writes block: the paused side is not reading.
            await().during(QUIET).atMost(WAIT).until(() -> !writerDone.get());
            assertThat(server.receivedBytes()).isZero();
            accepted.resumeReading();

            writer.get(10, TimeUnit.SECONDS);
            awaitBytes(server, stream.size());
            assertThat(stream.firstMismatch(server.received())).isEqualTo(-1);
        }
    }

    @Test
    void peerClosingGivesOnCloseAfterTheLastByte() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        RandomStream stream = RandomStream.of(1024 * 1024, 8);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            writeAll(peer, stream);
            peer.shutdownOutput();

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(server.received()).hasSize(stream.size());
            assertThat(stream.firstMismatch(server.received())).isEqualTo(-1);
            assertThat(accepted.isOpen()).isFalse();
            assertThat(server.closes).hasValue(1);
        }
    }

    @Test
    void peerClosingWhilePausedLosesNothing() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        RandomStream stream = RandomStream.of(64 * 1024, 9);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            accepted.pauseReading();
            peer.write(stream.bytes());
            peer.shutdownOutput();

            await().during(QUIET).atMost(WAIT).until(() -> server.receivedBytes() == 0);
            accepted.resumeReading();

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(server.received()).hasSize(stream.size());
            assertThat(stream.firstMismatch(server.received())).isEqualTo(-1);
        }
    }

    @Test
    void sendFrameStillPrefixesALengthAndAFrameFromThePeerIsJustBytes() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            accepted.sendFrame(utf8("framed"));
            accepted.sendRaw(utf8("raw"));

            assertThat(peer.readFrameText()).isEqualTo("framed");
            assertThat(new String(peer.readBytes(3), StandardCharsets.US_ASCII)).isEqualTo("raw");

            peer.write(frame("x"));
            awaitBytes(server, 5);
            assertThat(server.received()).isEqualTo(frame("x"));
        }
    }

    @Test
    void closeWritesEverythingQueuedBeforeClosing() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        RandomStream stream = RandomStream.of(BACKLOG_SIZE, 10);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            stream.pieces().forEach(accepted::sendRaw);
            accepted.close();
            assertThat(accepted.isOpen()).isFalse();
            assertThat(accepted.queuedBytes()).isPositive();
            accepted.sendRaw(utf8("after close: dropped"));

            assertThat(stream.firstMismatch(peer.readBytes(stream.size()))).isEqualTo(-1);
            assertThat(peer.seesClose()).isTrue();
            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(accepted.queuedBytes()).isZero();
            assertThat(server.closes).hasValue(1);
        }
    }

    @Test
    void abortClosesAtOnceDroppingWhatIsQueued() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = listen(raw(), server);
        RandomStream stream = RandomStream.of(BACKLOG_SIZE, 11);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            stream.pieces().forEach(accepted::sendRaw);
            accepted.abort();

            assertThat(accepted.isOpen()).isFalse();
            assertThat(accepted.queuedBytes()).isZero();
            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(peer.readToEnd()).isLessThan(stream.size());
            assertThat(server.closes).hasValue(1);
        }
    }

    @Test
    void handlerThatThrowsHasItsConnectionClosedWithThatCauseAndGetsNoMoreBytes() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        IllegalStateException failure = new IllegalStateException("handler bug");
        server.chunkReaction = (connection, chunk) -> {
            throw failure;
        };
        Listener listener = listen(raw(4), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write("boom, and more".getBytes(StandardCharsets.US_ASCII));

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).contains(failure);
            assertThat(server.chunkCount()).isEqualTo(1);
            assertThat(peer.seesClose()).isTrue();
        }
    }
}
