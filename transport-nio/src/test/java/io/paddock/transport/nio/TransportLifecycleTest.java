package io.paddock.transport.nio;

import static io.paddock.transport.nio.RawPeer.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;

class TransportLifecycleTest {
    private static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final NioTransport transport = new NioTransport();

    @AfterEach
    void stopTransport() {
        transport.close();
    }

    private static List<String> paddockNioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("paddock-nio"))
                .toList();
    }

    @Test
    void isNamedNio() {
        assertThat(transport.name()).isEqualTo("nio");
        assertThat(Transport.PROPERTY).isEqualTo("paddock.transport");
    }

    @Test
    void startsNoThreadUntilFirstUsed() {
        NioTransport unused = new NioTransport(1);
        try {
            assertThat(paddockNioThreads()).isEmpty();
        } finally {
            unused.close();
        }
    }

    @Test
    void listeningOnATakenPortThrowsBindExceptionNamingTheAddress() throws Exception {
        Listener first = transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler());
        InetSocketAddress taken = first.localAddress();

        assertThatThrownBy(() -> transport.listen(taken, TransportOptions.defaults(), new RecordingHandler()))
                .isInstanceOf(BindException.class)
                .hasMessageContaining(String.valueOf(taken.getPort()))
                .hasMessageContaining("127.0.0.1");
        assertThat(paddockNioThreads()).containsOnlyOnce("paddock-nio-accept-" + taken.getPort());
    }

    @Test
    void closingAListenerClosesItsConnectionsAndFreesThePortAtOnce() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        InetSocketAddress address = listener.localAddress();
        RecordingHandler client = new RecordingHandler();
        Connection connection = transport.connect(address, TransportOptions.defaults(), client, WAIT);
        server.opened.get(10, TimeUnit.SECONDS);

        listener.close();

        assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(connection.isOpen()).isFalse();
        assertThat(paddockNioThreads()).doesNotContain("paddock-nio-accept-" + address.getPort());
        assertThatThrownBy(() -> transport.connect(address, TransportOptions.defaults(), new RecordingHandler(), WAIT))
                .isInstanceOf(ConnectException.class);
        // The transport's rebind after a provider change relies on this.
        transport.listen(address, TransportOptions.defaults(), new RecordingHandler()).close();
    }

    @Test
    void connectingWhereNobodyListensFailsWithConnectException() throws Exception {
        InetSocketAddress vacant;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            vacant = (InetSocketAddress) probe.getLocalSocketAddress();
        }

        assertThatThrownBy(() -> transport.connect(vacant, TransportOptions.defaults(), new RecordingHandler(), WAIT))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void closingTheTransportClosesEveryConnectionAndLeavesNoThreadRunning() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        RecordingHandler client = new RecordingHandler();
        Connection connection = transport.connect(listener.localAddress(), TransportOptions.defaults(), client, WAIT);
        connection.sendFrame(utf8("hello"));
        await().atMost(WAIT).until(() -> server.frames.size() == 1);
        assertThat(paddockNioThreads()).isNotEmpty();

        transport.close();

        assertThat(paddockNioThreads()).isEmpty();
        assertThat(client.closed).isCompleted();
        assertThat(server.closed).isCompleted();
        assertThat(client.closes).hasValue(1);
        assertThat(server.closes).hasValue(1);
        assertThatThrownBy(() -> transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> transport.connect(listener.localAddress(), TransportOptions.defaults(), client, WAIT))
                .isInstanceOf(IOException.class);
        connection.sendFrame(utf8("ignored after close"));
        transport.close();
    }

    @Test
    void closingTheTransportFromInsideAHandlerDoesNotHang() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> transport.close();
        Listener listener = transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(RawPeer.frame("stop"));

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            await().atMost(WAIT).until(() -> paddockNioThreads().isEmpty());
            assertThat(peer.seesClose()).isTrue();
        }
    }

    @Test
    void configuredSelectorThreadsAreUsed() throws Exception {
        NioTransport configured = new NioTransport(new NioTransport.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return NioTransport.Config.class;
            }

            @Override
            public int selectorThreads() {
                return 3;
            }
        });
        try {
            configured.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler()).close();
            assertThat(paddockNioThreads()).contains("paddock-nio-selector-1", "paddock-nio-selector-2",
                    "paddock-nio-selector-3");
        } finally {
            configured.close();
        }
        assertThat(paddockNioThreads()).isEmpty();
    }
}
