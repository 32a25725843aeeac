package io.paddock.transport.netty;

import io.paddock.transport.testkit.TestKeystores;

import static io.paddock.transport.testkit.RawPeer.frame;
import static io.paddock.transport.testkit.RawPeer.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.TransportOptions;
import io.paddock.api.transport.TransportOptions.ClientAuth;
import io.paddock.api.transport.TransportOptions.Tls;
import io.paddock.transport.testkit.RandomStream;
import io.paddock.transport.testkit.RawPeer;
import io.paddock.transport.testkit.RecordingHandler;
import io.paddock.transport.testkit.StreamRecordingHandler;

/** TLS at the transport level, against the JDK's SSLSocket as the peer. */
class NettyTlsTest {
    private static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int RUOK = 0x72756f6b;
    /** Several MiB: many TLS records, cut differently on each side. */
    private static final int STREAM_SIZE = 4 * 1024 * 1024;

    @TempDir
    static Path keystoreDir;
    private static TestKeystores stores;

    private final NettyTransport transport = new NettyTransport();

    @BeforeAll
    static void makeKeystores() throws Exception {
        stores = TestKeystores.create(keystoreDir);
    }

    @AfterEach
    void stopTransport() {
        transport.close();
    }

    private static TransportOptions serverTls(ClientAuth clientAuth) throws Exception {
        return TransportOptions.defaults()
                .withTls(new Tls(TestKeystores.context(stores.serverKeys, stores.serverTrust), clientAuth));
    }

    private static RawPeer tlsPeer(InetSocketAddress address, Path clientKeys) throws Exception {
        SSLContext context = TestKeystores.context(clientKeys, stores.clientTrust);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(),
                address.getPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.startHandshake();
        return RawPeer.wrap(socket);
    }

    @Test
    void framesTravelBothWaysOverTls() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> connection.sendFrame(utf8("re: " + RecordingHandler.text(frame)));
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NONE), server);
        try (RawPeer peer = tlsPeer(listener.localAddress(), null)) {
            peer.write(RawPeer.concat(frame("one"), frame("two")));

            assertThat(peer.readFrameText()).isEqualTo("re: one");
            assertThat(peer.readFrameText()).isEqualTo("re: two");
            assertThat(server.frameTexts()).containsExactly("one", "two");
            assertThat(server.opened.get(10, TimeUnit.SECONDS).peerCertificates()).isEmpty();
        }
    }

    @Test
    void fourLetterWordIsOfferedAfterTheHandshakeOnTheDecryptedStream() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.preambleReaction = (connection, word) -> {
            connection.sendRaw(utf8("imok"));
            connection.close();
            return true;
        };
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NONE), server);
        try (RawPeer peer = tlsPeer(listener.localAddress(), null)) {
            peer.write("ruok".getBytes(StandardCharsets.US_ASCII));

            assertThat(new String(peer.readBytes(4), StandardCharsets.US_ASCII)).isEqualTo("imok");
            assertThat(peer.seesClose()).isTrue();
            assertThat(server.preambles).containsExactly(RUOK);
        }
    }

    @Test
    void clientAuthNeedRejectsAClientWithoutACertificateBeforeTheHandlerHearsOfIt() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NEED), server);

        assertThatThrownBy(() -> {
            try (RawPeer peer = tlsPeer(listener.localAddress(), null)) {
                // TLS 1.3 reports the refusal at the first read rather than in the handshake.
                peer.write(frame("let me in"));
                peer.readFrame();
            }
        }).isInstanceOf(IOException.class);
        assertThat(server.opened).isNotDone();
        assertThat(server.frames).isEmpty();
    }

    @Test
    void clientAuthNeedExposesTheClientsVerifiedCertificate() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> connection.sendFrame(frame);
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NEED), server);
        try (RawPeer peer = tlsPeer(listener.localAddress(), stores.clientKeys)) {
            peer.write(frame("hello"));

            assertThat(peer.readFrameText()).isEqualTo("hello");
            Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
            assertThat(accepted.peerCertificates()).hasSize(1);
            assertThat(accepted.peerCertificates().get(0).getSubjectX500Principal().getName())
                    .isEqualTo("CN=paddock-client");
        }
    }

    @Test
    void clientAuthWantAcceptsAClientWithoutACertificate() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> connection.sendFrame(frame);
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.WANT), server);
        try (RawPeer peer = tlsPeer(listener.localAddress(), null)) {
            peer.write(frame("anonymous"));

            assertThat(peer.readFrameText()).isEqualTo("anonymous");
            assertThat(server.opened.get(10, TimeUnit.SECONDS).peerCertificates()).isEmpty();
        }
    }

    @Test
    void plaintextPeerOnATlsPortIsDroppedWithoutReachingTheHandler() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NONE), server);
        try (RawPeer peer = RawPeer.connect(listener.localAddress())) {
            peer.write(frame("plaintext"));

            assertThat(peer.seesClose()).isTrue();
            assertThat(server.opened).isNotDone();
            assertThat(server.preambles).isEmpty();
        }
    }

    @Test
    void connectSpeaksTlsToATlsListenerAndSeesTheServersCertificate() throws Exception {
        RecordingHandler server = new RecordingHandler();
        server.frameReaction = (connection, frame) -> connection.sendFrame(utf8("re: " + RecordingHandler.text(frame)));
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NEED), server);
        RecordingHandler client = new RecordingHandler();
        TransportOptions clientOptions = TransportOptions.defaults().withTls(new Tls(
                TestKeystores.context(stores.clientKeys, stores.clientTrust), ClientAuth.NONE,
                List.of("TLSv1.3"), List.of()));

        Connection connection = transport.connect(listener.localAddress(), clientOptions, client, WAIT);
        connection.sendFrame(utf8("ping"));

        await().atMost(WAIT).until(() -> client.frames.size() == 1);
        assertThat(client.frameTexts()).containsExactly("re: ping");
        assertThat(client.preambles).isEmpty();
        assertThat(connection.peerCertificates()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=paddock-server");
        assertThat(server.opened.get(10, TimeUnit.SECONDS).peerCertificates())
                .extracting(c -> c.getSubjectX500Principal().getName()).containsExactly("CN=paddock-client");
    }

    @Test
    void connectFailsWhenTheServersCertificateIsNotTrusted() throws Exception {
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NONE), new RecordingHandler());
        RecordingHandler client = new RecordingHandler();
        // Trusts only the client's own certificate, not the server's.
        TransportOptions untrusting = TransportOptions.defaults().withTls(
                new Tls(TestKeystores.context(null, stores.serverTrust), ClientAuth.NONE));

        assertThatThrownBy(() -> transport.connect(listener.localAddress(), untrusting, client, WAIT))
                .isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(client.opened).isNotDone();
    }

    @Test
    void rawStreamBytesRoundTripOverTlsStartingWithAFourLetterWord() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        server.chunkReaction = Connection::sendRaw; // echo: the handler owns the chunk, and does not change it
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NONE).asRawStream(), server);
        RandomStream stream = RandomStream.of(STREAM_SIZE, 21);
        try (RawPeer peer = tlsPeer(listener.localAddress(), null)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    peer.write("ruok".getBytes(StandardCharsets.US_ASCII));
                    for (ByteBuffer piece : stream.pieces()) {
                        peer.write(piece);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            assertThat(new String(peer.readBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ruok");
            assertThat(stream.firstMismatch(peer.readBytes(stream.size()))).isEqualTo(-1);
            writer.get(10, TimeUnit.SECONDS);
            assertThat(server.preambleCalls).hasValue(0);
            assertThat(server.chunkSizes().getMax()).isLessThanOrEqualTo(TransportOptions.DEFAULT_MAX_FRAME_LENGTH);
        }
    }

    @Test
    void rawTlsConnectionToARawTlsListenerCarriesBytesEachWay() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NEED).asRawStream(), server);
        StreamRecordingHandler client = new StreamRecordingHandler();
        TransportOptions clientOptions = TransportOptions.defaults().asRawStream().withTls(
                new Tls(TestKeystores.context(stores.clientKeys, stores.clientTrust), ClientAuth.NONE));
        RandomStream toServer = RandomStream.of(STREAM_SIZE, 22);
        RandomStream toClient = RandomStream.of(STREAM_SIZE, 23);

        Connection connection = transport.connect(listener.localAddress(), clientOptions, client, WAIT);
        Connection accepted = server.opened.get(10, TimeUnit.SECONDS);
        // One way at a time: two connections of this transport that both queue megabytes for each
        // other stop reading each other (back-pressure: see NettyConnection).
        toServer.pieces().forEach(connection::sendRaw);
        await().atMost(WAIT).until(() -> server.receivedBytes() >= toServer.size());
        toClient.pieces().forEach(accepted::sendRaw);
        await().atMost(WAIT).until(() -> client.receivedBytes() >= toClient.size());

        assertThat(toServer.firstMismatch(server.received())).isEqualTo(-1);
        assertThat(toClient.firstMismatch(client.received())).isEqualTo(-1);
        assertThat(connection.peerCertificates()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=paddock-server");
        assertThat(accepted.peerCertificates()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=paddock-client");
    }

    @Test
    void rawTlsPeerClosingGivesOnCloseAfterItsLastBytes() throws Exception {
        StreamRecordingHandler server = new StreamRecordingHandler();
        Listener listener = transport.listen(ANY_LOCAL_PORT, serverTls(ClientAuth.NONE).asRawStream(), server);
        try (RawPeer peer = tlsPeer(listener.localAddress(), null)) {
            peer.write("last words".getBytes(StandardCharsets.US_ASCII));
        }

        assertThat(server.closed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(server.receivedText()).isEqualTo("last words");
        assertThat(server.closes).hasValue(1);
    }
}
