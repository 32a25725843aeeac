package io.paddock.transport.testkit;

import static io.paddock.transport.testkit.RawPeer.concat;
import static io.paddock.transport.testkit.RawPeer.frame;
import static io.paddock.transport.testkit.RawPeer.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.TransportOptions;

public abstract class ConnectionLifecycleContract extends TransportContract {
    /** Long enough for a frame that should not come to show up, were it coming. */
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final int FRAME_SIZE = 64 * 1024;
    /** Far more than loopback socket buffers hold, so the sender has to queue. */
    private static final int FRAME_COUNT = 512;

    private Listener listen(RecordingHandler handler) throws IOException {
        return transport().listen(ANY_LOCAL_PORT, TransportOptions.defaults(), handler);
    }

    private static List<String> numbered(int count) {
        return IntStream.range(0, count).mapToObj(i -> "frame-" + i).toList();
    }

    private static byte[] framesOf(List<String> texts) {
        return concat(texts.stream().map(RawPeer::frame).toArray(byte[][]::new));
    }

    @Test
    void pauseFromInsideOnFrameHoldsBackFramesAlreadyRead() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> {
            if (RecordingHandler.text(frame).equals("frame-0")) {
                connection.pauseReading();
            }
        };
        Listener listener = listen(server);
        List<String> sent = numbered(10);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(framesOf(sent)); // one write: the rest sit in the read buffer when frame-0 pauses

            await().atMost(WAIT).until(() -> server.frames.size() == 1);
            await().during(QUIET).atMost(WAIT).until(() -> server.frames.size() == 1);
            server.opened.get(10, TimeUnit.SECONDS).resumeReading();

            await().atMost(WAIT).until(() -> server.frames.size() == sent.size());
            assertThat(server.frameTexts()).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void pauseFromAnotherThreadStopsDeliveryUntilResume() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection connection = server.opened.get(10, TimeUnit.SECONDS);
            peer.write(frame("before"));
            await().atMost(WAIT).until(() -> server.frames.size() == 1);

            connection.pauseReading();
            peer.write(framesOf(numbered(5)));
            await().during(QUIET).atMost(WAIT).until(() -> server.frames.size() == 1);
            connection.resumeReading();

            await().atMost(WAIT).until(() -> server.frames.size() == 6);
            assertThat(server.frameTexts()).containsExactly("before", "frame-0", "frame-1", "frame-2", "frame-3",
                    "frame-4");
        }
    }

    @Test
    void pausedConnectionStopsReadingSoTheSendingPeerIsHeldBack() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            server.opened.get(10, TimeUnit.SECONDS).pauseReading();
            byte[] payload = new byte[FRAME_SIZE];
            AtomicBoolean writerDone = new AtomicBoolean();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < FRAME_COUNT; i++) {
                        peer.write(frame(payload));
                    }
                    writerDone.set(true);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            // Socket buffers fill and the peer's writes block: the paused side is not reading.
            await().during(QUIET).atMost(WAIT).until(() -> !writerDone.get());
            assertThat(server.frames).isEmpty();
            server.opened.get().resumeReading();

            writer.get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> server.frames.size() == FRAME_COUNT);
        }
    }

    @Test
    void closeWritesEverythingQueuedBeforeClosing() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection connection = server.opened.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < FRAME_COUNT; i++) {
                connection.sendFrame(ByteBuffer.allocate(FRAME_SIZE).putInt(0, i));
            }
            connection.close();
            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.queuedBytes()).isPositive();
            connection.sendFrame(utf8("after close: dropped"));

            for (int i = 0; i < FRAME_COUNT; i++) {
                byte[] received = peer.readFrame();
                assertThat(received).hasSize(FRAME_SIZE);
                assertThat(ByteBuffer.wrap(received).getInt()).isEqualTo(i);
            }
            assertThat(peer.seesClose()).isTrue();
            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(connection.queuedBytes()).isZero();
            assertThat(server.closes).hasValue(1);
        }
    }

    @Test
    void sendRawWritesBytesWithoutALengthPrefix() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection connection = server.opened.get(10, TimeUnit.SECONDS);
            connection.sendRaw(utf8("raw"));
            connection.sendFrame(utf8("framed"));

            assertThat(peer.readBytes(3)).isEqualTo("raw".getBytes());
            assertThat(peer.readFrameText()).isEqualTo("framed");
        }
    }

    @Test
    void abortClosesAtOnceDroppingWhatIsQueued() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection connection = server.opened.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < FRAME_COUNT; i++) {
                connection.sendFrame(ByteBuffer.allocate(FRAME_SIZE));
            }
            connection.abort();

            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.queuedBytes()).isZero();
            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            long received = 0;
            try {
                while (true) {
                    received += peer.readFrame().length + 4;
                }
            } catch (IOException endOfStream) {
                // the close cut the stream short, as abort should
            }
            assertThat(received).isLessThan((long) FRAME_COUNT * (FRAME_SIZE + 4));
        }
    }

    @Test
    void peerClosingGivesOnCloseWithoutACause() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection connection = server.opened.get(10, TimeUnit.SECONDS);
            peer.write(frame("last words"));
            peer.shutdownOutput();

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(server.frameTexts()).containsExactly("last words");
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void onCloseIsCalledOnceWhenEverythingClosesAtOnce() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        RecordingHandler client = new RecordingHandler();
        Connection connection = transport().connect(listener.localAddress(), TransportOptions.defaults(), client, WAIT);
        Connection accepted = server.opened.get(10, TimeUnit.SECONDS);

        connection.close();
        connection.abort();
        accepted.abort();
        accepted.close();
        connection.close();

        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(server.closed.get(10, TimeUnit.SECONDS)).isNotNull();
        closeTransport();
        assertThat(client.closes).hasValue(1);
        assertThat(server.closes).hasValue(1);
    }

    @Test
    void handlerThatThrowsHasItsConnectionClosedWithThatCause() throws Exception {
        RecordingHandler server = new RecordingHandler();
        IllegalStateException failure = new IllegalStateException("handler bug");
        server.frameReaction = (connection, frame) -> {
            throw failure;
        };
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(concat(frame("boom"), frame("never delivered")));

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).contains(failure);
            assertThat(server.frameTexts()).containsExactly("boom");
            assertThat(peer.seesClose()).isTrue();
        }
    }

    @Test
    void eventsOfAConnectionArriveInOrderOnOneSelectorThread() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(framesOf(numbered(20)));
            await().atMost(WAIT).until(() -> server.frames.size() == 20);
        }
        server.closed.get(10, TimeUnit.SECONDS);

        // onOpen, onPreamble, 20 frames, onClose
        assertThat(server.eventThreads).hasSize(23);
        assertThat(server.eventThreads).containsOnly(server.eventThreads.get(0));
        assertThat(server.eventThreads.get(0)).startsWith(threadNamePrefix());
    }

    @Test
    void connectionToAnAcceptingRawServerCarriesFramesBothWays() throws Exception {
        try (java.net.ServerSocket raw = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RecordingHandler client = new RecordingHandler();
            Connection connection = transport().connect((InetSocketAddress) raw.getLocalSocketAddress(),
                    TransportOptions.defaults(), client, WAIT);
            try (Socket socket = raw.accept(); RawPeer peer = RawPeer.wrap(socket)) {
                connection.sendFrame(utf8("ping"));
                assertThat(peer.readFrameText()).isEqualTo("ping");
                peer.write(frame("pong"));

                await().atMost(WAIT).until(() -> client.frames.size() == 1);
                assertThat(client.frameTexts()).containsExactly("pong");
                assertThat(client.opened).isCompletedWithValue(connection);
            }
        }
    }

    @Test
    void manyConnectionsAtOnceEachGetTheirOwnReplies() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> connection.sendFrame(frame);
        Listener listener = listen(server);
        int count = 64;
        List<RawPeer> peers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                peers.add(RawPeer.connect(listener.localAddress()));
            }
            for (int i = 0; i < count; i++) {
                peers.get(i).write(framesOf(List.of("peer-" + i + "-a", "peer-" + i + "-b")));
            }
            for (int i = 0; i < count; i++) {
                assertThat(peers.get(i).readFrameText()).isEqualTo("peer-" + i + "-a");
                assertThat(peers.get(i).readFrameText()).isEqualTo("peer-" + i + "-b");
            }
            assertThat(server.frames).hasSize(2 * count);
        } finally {
            for (RawPeer peer : peers) {
                peer.close();
            }
        }
    }

    @Test
    void queuedBytesGrowWhileThePeerDoesNotReadAndDrainOnceItDoes() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            Connection connection = server.opened.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < FRAME_COUNT; i++) {
                connection.sendFrame(ByteBuffer.allocate(FRAME_SIZE).putInt(0, i));
            }

            // Far more than socket buffers hold: some stays queued while the peer does not read.
            await().during(QUIET).atMost(WAIT).until(() -> connection.queuedBytes() > 0);
            for (int i = 0; i < FRAME_COUNT; i++) {
                assertThat(ByteBuffer.wrap(peer.readFrame()).getInt()).isEqualTo(i);
            }
            await().atMost(WAIT).until(() -> connection.queuedBytes() == 0);
            assertThat(connection.isOpen()).isTrue();
        }
    }
}
