package io.paddock.transport.testkit;

import static io.paddock.transport.testkit.RawPeer.utf8;
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

import org.junit.jupiter.api.Test;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;

public abstract class TransportLifecycleContract extends TransportContract {
    @Test
    void isRegisteredUnderItsName() {
        assertThat(Transport.PROPERTY).isEqualTo("paddock.transport");
        assertThat(transport().name()).isNotBlank().isLowerCase();
    }

    @Test
    void optionsWithoutTlsArePlaintext() {
        assertThat(TransportOptions.defaults().isTls()).isFalse();
        assertThat(new TransportOptions(1024, 7)).isEqualTo(new TransportOptions(1024, 7, null));
    }

    @Test
    void listeningOnATakenPortThrowsBindExceptionNamingTheAddress() throws Exception {
        Listener first = transport().listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler());
        InetSocketAddress taken = first.localAddress();

        assertThatThrownBy(() -> transport().listen(taken, TransportOptions.defaults(), new RecordingHandler()))
                .isInstanceOf(BindException.class)
                .hasMessageContaining(String.valueOf(taken.getPort()))
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void closingAListenerClosesItsConnectionsAndFreesThePortAtOnce() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport().listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        InetSocketAddress address = listener.localAddress();
        RecordingHandler client = new RecordingHandler();
        Connection connection = transport().connect(address, TransportOptions.defaults(), client, WAIT);
        server.opened.get(10, TimeUnit.SECONDS);

        listener.close();

        assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(connection.isOpen()).isFalse();
        assertThatThrownBy(() -> transport().connect(address, TransportOptions.defaults(), new RecordingHandler(), WAIT))
                .isInstanceOf(ConnectException.class);
        // The transport's rebind after a provider change relies on this.
        transport().listen(address, TransportOptions.defaults(), new RecordingHandler()).close();
    }

    @Test
    void connectingWhereNobodyListensFailsWithConnectException() throws Exception {
        InetSocketAddress vacant;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            vacant = (InetSocketAddress) probe.getLocalSocketAddress();
        }

        assertThatThrownBy(() -> transport().connect(vacant, TransportOptions.defaults(), new RecordingHandler(), WAIT))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void closingTheTransportClosesEveryConnectionAndLeavesNoThreadRunning() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport().listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        RecordingHandler client = new RecordingHandler();
        Connection connection = transport().connect(listener.localAddress(), TransportOptions.defaults(), client, WAIT);
        connection.sendFrame(utf8("hello"));
        await().atMost(WAIT).until(() -> server.frames.size() == 1);
        assertThat(transportThreads()).isNotEmpty();

        closeTransport();

        assertThat(transportThreads()).isEmpty();
        assertThat(client.closed).isCompleted();
        assertThat(server.closed).isCompleted();
        assertThat(client.closes).hasValue(1);
        assertThat(server.closes).hasValue(1);
        assertThatThrownBy(() -> transport().listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> transport().connect(listener.localAddress(), TransportOptions.defaults(), client, WAIT))
                .isInstanceOf(IOException.class);
        connection.sendFrame(utf8("ignored after close"));
        closeTransport();
    }

    @Test
    void closingTheTransportFromInsideAHandlerDoesNotHang() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> closeTransport();
        Listener listener = transport().listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(RawPeer.frame("stop"));

            assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
            await().atMost(WAIT).until(() -> transportThreads().isEmpty());
            assertThat(peer.seesClose()).isTrue();
        }
    }
}
