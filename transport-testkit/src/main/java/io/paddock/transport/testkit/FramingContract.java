package io.paddock.transport.testkit;

import static io.paddock.transport.testkit.RawPeer.concat;
import static io.paddock.transport.testkit.RawPeer.frame;
import static io.paddock.transport.testkit.RawPeer.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.FrameTooLargeException;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.TransportOptions;

public abstract class FramingContract extends TransportContract {
    private static final int RUOK = 0x72756f6b;
    private static final int STMK = 0x73746d6b;

    private Listener listen(RecordingHandler handler) throws Exception {
        return transport().listen(ANY_LOCAL_PORT, TransportOptions.defaults(), handler);
    }

    @Test
    void framesTravelBothWaysBetweenAListenerAndAConnectedPeer() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> connection.sendFrame(utf8("re: " + RecordingHandler.text(frame)));
        Listener listener = listen(server);
        RecordingHandler client = new RecordingHandler();

        Connection connection = transport().connect(listener.localAddress(), TransportOptions.defaults(), client, WAIT);
        connection.sendFrame(utf8("one"));
        connection.sendFrame(utf8("two"));
        connection.sendFrame(ByteBuffer.allocate(0));

        await().atMost(WAIT).until(() -> client.frames.size() == 3);
        assertThat(server.frameTexts()).containsExactly("one", "two", "");
        assertThat(client.frameTexts()).containsExactly("re: one", "re: two", "re: ");
        assertThat(connection.remoteAddress()).isEqualTo(listener.localAddress());
        assertThat(server.opened.get(10, TimeUnit.SECONDS).remoteAddress()).isEqualTo(connection.localAddress());
    }

    @Test
    void deliveredFramesAreHeapBuffersHoldingExactlyThePayload() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(frame("payload"));

            await().atMost(WAIT).until(() -> server.frames.size() == 1);
            ByteBuffer frame = server.frames.get(0);
            assertThat(frame.hasArray()).isTrue();
            assertThat(frame.position()).isZero();
            assertThat(frame.limit()).isEqualTo("payload".length());
            assertThat(RecordingHandler.text(frame)).isEqualTo("payload");
        }
    }

    @Test
    void manyFramesInOneWriteAreDeliveredSeparatelyAndInOrder() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        List<String> sent = IntStream.range(0, 500).mapToObj(i -> "frame-" + i).toList();
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(concat(sent.stream().map(RawPeer::frame).toArray(byte[][]::new)));

            await().atMost(WAIT).until(() -> server.frames.size() == sent.size());
            assertThat(server.frameTexts()).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void frameSplitAcrossManyTinyWritesIsReassembled() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        byte[] bytes = concat(frame("split into single bytes"), frame("and another"));
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            for (byte b : bytes) {
                peer.write(new byte[] {b});
            }

            await().atMost(WAIT).until(() -> server.frames.size() == 2);
            assertThat(server.frameTexts()).containsExactly("split into single bytes", "and another");
        }
    }

    @Test
    void frameLargerThanTheReadBufferIsReassembledAndFollowedCorrectly() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        byte[] large = new byte[320 * 1024 + 3];
        new Random(42).nextBytes(large);
        byte[] bytes = concat(frame("before"), frame(large), frame("after"));
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            for (int offset = 0; offset < bytes.length; offset += 1000) {
                peer.write(java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + 1000)));
            }

            await().atMost(WAIT).until(() -> server.frames.size() == 3);
            assertThat(RecordingHandler.text(server.frames.get(0))).isEqualTo("before");
            ByteBuffer received = server.frames.get(1);
            assertThat(received.remaining()).isEqualTo(large.length);
            assertThat(received.array()).isEqualTo(large);
            assertThat(RecordingHandler.text(server.frames.get(2))).isEqualTo("after");
        }
    }

    @Test
    void lengthAboveTheLimitClosesTheConnectionWithFrameTooLarge() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport().listen(ANY_LOCAL_PORT, new TransportOptions(1024, 0), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(frame(new byte[1024]));
            peer.writeInt(1025);

            Optional<Throwable> cause = server.closed.get(10, TimeUnit.SECONDS);
            assertThat(cause).containsInstanceOf(FrameTooLargeException.class);
            assertThat(((FrameTooLargeException) cause.orElseThrow()).length()).isEqualTo(1025);
            assertThat(server.frames).hasSize(1);
            assertThat(peer.seesClose()).isTrue();
            assertThat(server.closes).hasValue(1);
        }
    }

    @Test
    void negativeLengthClosesTheConnectionWithFrameTooLarge() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(frame("fine"));
            peer.writeInt(-1);

            Optional<Throwable> cause = server.closed.get(10, TimeUnit.SECONDS);
            assertThat(cause).containsInstanceOf(FrameTooLargeException.class);
            assertThat(((FrameTooLargeException) cause.orElseThrow()).length()).isEqualTo(-1);
            assertThat(peer.seesClose()).isTrue();
        }
    }

    @Test
    void connectedPeerSendingTooLargeALengthIsClosedToo() throws Exception {
        try (java.net.ServerSocket raw = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RecordingHandler client = new RecordingHandler();
            transport().connect((InetSocketAddress) raw.getLocalSocketAddress(), new TransportOptions(16, 0), client,
                    WAIT);
            try (RawPeer peer = RawPeer.wrap(raw.accept())) {
                peer.writeInt(17);

                assertThat(client.closed.get(10, TimeUnit.SECONDS)).containsInstanceOf(FrameTooLargeException.class);
                assertThat(client.preambles).isEmpty();
            }
        }
    }

    @Test
    void claimedPreambleLetsTheHandlerReplyRawAndClose() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.preambleReaction = (connection, word) -> {
            if (word != RUOK) {
                return false;
            }
            connection.sendRaw(utf8("imok"));
            connection.close();
            return true;
        };
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write("ruok".getBytes(StandardCharsets.US_ASCII));

            assertThat(new String(peer.readBytes(4), StandardCharsets.US_ASCII)).isEqualTo("imok");
            assertThat(peer.seesClose()).isTrue();
            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(server.preambles).containsExactly(RUOK);
            assertThat(server.frames).isEmpty();
            assertThat(server.closes).hasValue(1);
        }
    }

    @Test
    void preambleWaitsForTheTrailerTheHandlerAsksForAndHandsItOver() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.trailerLength = word -> word == STMK ? Long.BYTES : 0;
        server.preambleReaction = (connection, word) -> {
            connection.sendRaw(utf8("claimed"));
            connection.close();
            return true;
        };
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write("stmk123".getBytes(StandardCharsets.US_ASCII));
            await().atMost(WAIT).until(() -> server.trailerQuestions.size() == 1);
            assertThat(server.preambles).isEmpty();

            peer.write("45678".getBytes(StandardCharsets.US_ASCII));

            assertThat(new String(peer.readBytes(7), StandardCharsets.US_ASCII)).isEqualTo("claimed");
            assertThat(peer.seesClose()).isTrue();
            assertThat(server.trailerQuestions).containsExactly(STMK);
            assertThat(server.preambles).containsExactly(STMK);
            assertThat(server.trailers).containsExactly("12345678");
            assertThat(server.frames).isEmpty();
        }
    }

    @Test
    void declinedPreambleLeavesItsTrailerAsTheStartOfTheFirstFrame() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.trailerLength = word -> 4;
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(concat(frame("hello"), frame("again")));

            await().atMost(WAIT).until(() -> server.frames.size() == 2);
            assertThat(server.preambles).containsExactly(5);
            assertThat(server.trailers).containsExactly("hell");
            assertThat(server.frameTexts()).containsExactly("hello", "again");
        }
    }

    @Test
    void peerClosingBeforeTheTrailerIsCompleteGetsOnlyOnClose() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.trailerLength = word -> Long.BYTES;
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write("stmk12".getBytes(StandardCharsets.US_ASCII));
            peer.shutdownOutput();

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(server.trailerQuestions).containsExactly(STMK);
            assertThat(server.preambles).isEmpty();
            assertThat(server.frames).isEmpty();
        }
    }

    @Test
    void trailerLongerThanTheContractAllowsClosesTheConnection() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.trailerLength = word -> FrameHandler.MAX_PREAMBLE_TRAILER + 1;
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write("stmk".getBytes(StandardCharsets.US_ASCII));

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).containsInstanceOf(IllegalArgumentException.class);
            assertThat(server.preambles).isEmpty();
            assertThat(peer.seesClose()).isTrue();
        }
    }

    @Test
    void unclaimedPreambleIsReadAsTheFirstFrameLength() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(concat(frame("hello"), frame("again")));

            await().atMost(WAIT).until(() -> server.frames.size() == 2);
            assertThat(server.preambles).containsExactly(5);
            assertThat(server.frameTexts()).containsExactly("hello", "again");
        }
    }

    @Test
    void unknownFourLetterWordIsRefusedAsATooLargeLength() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write("xxxx".getBytes(StandardCharsets.US_ASCII));

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).containsInstanceOf(FrameTooLargeException.class);
            assertThat(server.preambles).containsExactly(0x78787878);
            assertThat(peer.seesClose()).isTrue();
        }
    }

    @Test
    void connectionsOpenedByConnectAreNotOfferedAPreamble() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> connection.sendFrame(frame);
        Listener listener = listen(server);
        RecordingHandler client = new RecordingHandler();

        Connection connection = transport().connect(listener.localAddress(), TransportOptions.defaults(), client, WAIT);
        connection.sendFrame(utf8("echo"));

        await().atMost(WAIT).until(() -> client.frames.size() == 1);
        assertThat(client.preambles).isEmpty();
        assertThat(server.preambles).containsExactly(4);
    }

    @Test
    void framesSentFromManyThreadsAtOnceArriveWhole() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = listen(server);
        Connection connection = transport().connect(listener.localAddress(), TransportOptions.defaults(),
                new RecordingHandler(), WAIT);
        int threads = 4;
        int perThread = 2000;
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int sender = t;
            senders.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    // Sizes vary so a torn header would misalign everything after it.
                    connection.sendFrame(utf8(sender + ":" + i + ":" + "x".repeat(i % 97)));
                }
            }, "test-sender-" + t));
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join(WAIT.toMillis());
        }

        await().atMost(WAIT).until(() -> server.frames.size() == threads * perThread);
        int[] next = new int[threads];
        for (String text : server.frameTexts()) {
            String[] parts = text.split(":", 3);
            int sender = Integer.parseInt(parts[0]);
            int index = Integer.parseInt(parts[1]);
            assertThat(index).isEqualTo(next[sender]++);
            assertThat(parts[2]).isEqualTo("x".repeat(index % 97));
        }
        assertThat(server.eventThreads).allMatch(name -> name.startsWith(threadNamePrefix()));
    }
}
