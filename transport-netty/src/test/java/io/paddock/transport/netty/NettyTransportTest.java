package io.paddock.transport.netty;

import static io.paddock.transport.testkit.RawPeer.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.epoll.Epoll;
import io.paddock.api.transport.Connection;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.TransportOptions;
import io.paddock.transport.testkit.RawPeer;
import io.paddock.transport.testkit.RecordingHandler;

/** What is particular to the Netty transport: its backend, its threads, and back-pressure from writes. */
class NettyTransportTest {
    private static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(500);

    private final NettyTransport transport = new NettyTransport();

    @AfterEach
    void stopTransport() {
        transport.close();
    }

    private static List<String> nettyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("paddock-netty-"))
                .toList();
    }

    @Test
    void isNamedNetty() {
        assertThat(transport.name()).isEqualTo("netty");
    }

    @Test
    void startsNoThreadUntilFirstUsedAndNamesTheOnesItStarts() throws Exception {
        assertThat(nettyThreads()).isEmpty();
        assertThat(transport.backend()).isNull();

        transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler());

        assertThat(nettyThreads()).isNotEmpty().allMatch(name -> name.matches("paddock-netty-io-\\d+"));
    }

    @Test
    void usesEpollWhereItIsAvailableAndNioWhenTold() throws Exception {
        transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler());
        assertThat(transport.backend()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");

        NettyTransport nio = new NettyTransport(1, false);
        try {
            nio.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler());
            assertThat(nio.backend()).isEqualTo("nio");
        } finally {
            nio.close();
        }
    }

    @Test
    void epollIsAvailableOnThisLinuxMachine() {
        // The native fragment is on the test classpath; if this fails, the tests above ran on NIO twice.
        assertThat(Epoll.isAvailable()).as(String.valueOf(Epoll.unavailabilityCause())).isTrue();
    }

    @Test
    void peerThatDoesNotReadItsRepliesStopsBeingReadSoTheServerBuffersLittle() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, payload) -> connection.sendFrame(payload); // echo
        Listener listener = transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        int frameSize = 64 * 1024;
        int frameCount = 512; // 32 MiB each way: far beyond socket buffers and the water marks
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            AtomicBoolean writerDone = new AtomicBoolean();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < frameCount; i++) {
                        peer.write(frame(ByteBuffer.allocate(frameSize).putInt(0, i).array()));
                    }
                    writerDone.set(true);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);

            // The peer reads nothing: the server stops reading it, and its writes block.
            await().during(QUIET).atMost(WAIT).until(() -> !writerDone.get());
            assertThat(server.frames.size()).isLessThan(frameCount / 2);
            // About the high water mark plus the echoes of one read: nowhere near 32 MiB.
            assertThat(accepted.queuedBytes()).isLessThan(4L * 1024 * 1024);

            for (int i = 0; i < frameCount; i++) {
                assertThat(ByteBuffer.wrap(peer.readFrame()).getInt()).isEqualTo(i);
            }
            writer.get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> accepted.queuedBytes() == 0);
        }
    }
}
