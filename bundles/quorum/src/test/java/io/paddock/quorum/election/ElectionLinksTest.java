package io.paddock.quorum.election;

import static io.paddock.quorum.election.ElectionBytes.concat;
import static io.paddock.quorum.election.ElectionBytes.framed;
import static io.paddock.quorum.election.ElectionBytes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import io.paddock.quorum.config.QuorumMembership;
import io.paddock.quorum.election.InMemoryNetwork.Link;
import io.paddock.quorum.wire.InitialMessage;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ElectionLinks} over the {@link InMemoryNetwork}, against other links and against
 * hand-driven peers that write and read the bytes themselves.
 */
class ElectionLinksTest {
    private static final long SEED = 20_250_317L;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONFIG = """
            server.1=127.0.0.1:2001:3001
            server.2=127.0.0.1:2002:3002
            server.3=127.0.0.1:2003:3003
            """;
    private static final TransportOptions RAW = new TransportOptions(1 << 20, 0).asRawStream();

    /** Cuts every byte stream into chunks of 1 to 3 bytes, so headers and messages are always split. */
    private InMemoryNetwork network = new InMemoryNetwork(SEED, 3);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        network.close();
    }

    private static InetSocketAddress electionAddress(long sid) {
        return new InetSocketAddress("127.0.0.1", 3000 + (int) sid);
    }

    private ElectionLinks startLinks(long sid, ReceivedMessages received) throws IOException {
        ElectionLinks links = new ElectionLinks(QuorumMembership.fromConfigText(sid, CONFIG),
                network.transport("peer-" + sid), ElectionLinks.Settings.defaults());
        toClose.add(links);
        links.start(received);
        return links;
    }

    /** A hand-driven peer {@code sid} connecting to the links of {@code to}; nothing is sent yet. */
    private RecordingStream connectAs(long sid, long to) throws IOException {
        RecordingStream stream = new RecordingStream();
        network.transport("raw-" + sid).connect(electionAddress(to), RAW, stream, WAIT);
        stream.opened.join();
        return stream;
    }

    /** The header {@code sid} sends, announcing its configured election address. */
    private static byte[] headerOf(long sid) {
        return InitialMessage.v2(sid, List.of("127.0.0.1:" + (3000 + sid))).toBytes();
    }

    private RecordingAcceptor listenAs(long sid, InetSocketAddress address) throws IOException {
        RecordingAcceptor acceptor = new RecordingAcceptor();
        Listener listener = network.transport("raw-" + sid).listen(address, RAW, acceptor);
        toClose.add(listener);
        return acceptor;
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    // The header of accepted connections

    @Test
    void aHeaderArrivingOneByteAtATimeIsReadAndTheMessagesAfterItDelivered() throws Exception {
        network.close();
        network = new InMemoryNetwork(SEED, 1);
        ReceivedMessages received = new ReceivedMessages();
        ElectionLinks links = startLinks(2, received);

        connectAs(3, 2).connection().sendRaw(concat(headerOf(3), framed("after the header")));

        await().atMost(WAIT).until(() -> received.messages.contains("3:after the header"));
        assertThat(links.isConnected(3)).isTrue();
    }

    @Test
    void aHeaderWithAnUnknownVersionClosesTheConnection() throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        ElectionLinks links = startLinks(2, received);
        ByteBuffer header = ByteBuffer.wrap(headerOf(3)).putLong(0, -65534L);

        RecordingStream stream = connectAs(3, 2);
        stream.connection().sendRaw(concat(header.array(), framed("never read")));

        await().atMost(WAIT).until(stream::isClosed);
        assertThat(received.messages).isEmpty();
        assertThat(links.isConnected(3)).isFalse();
    }

    @Test
    void aHeaderWithAnAddressLengthAboveTheLimitClosesTheConnection() throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        ElectionLinks links = startLinks(2, received);
        ByteBuffer header = ByteBuffer.allocate(20).putLong(InitialMessage.PROTOCOL_VERSION_V2).putLong(3).putInt(2049);

        RecordingStream stream = connectAs(3, 2);
        stream.connection().sendRaw(header.flip());

        // Closed without waiting for the 2049 address bytes that would follow.
        await().atMost(WAIT).until(stream::isClosed);
        assertThat(links.isConnected(3)).isFalse();
    }

    @Test
    void aHeaderCutShortByACloseLeavesNoConnectionAndTheNextOneIsRead() throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        ElectionLinks links = startLinks(2, received);
        RecordingStream truncated = connectAs(3, 2);
        truncated.connection().sendRaw(ByteBuffer.wrap(headerOf(3), 0, 17));
        truncated.connection().close();
        await().atMost(WAIT).until(truncated::isClosed);
        assertThat(links.isConnected(3)).isFalse();

        connectAs(3, 2).connection().sendRaw(concat(headerOf(3), framed("whole")));

        await().atMost(WAIT).until(() -> received.messages.contains("3:whole"));
        assertThat(received.messages).containsExactly("3:whole");
    }

    @Test
    void aConnectionFromAPeerWithOurOwnSidIsClosed() throws Exception {
        ElectionLinks links = startLinks(2, new ReceivedMessages());

        RecordingStream stream = connectAs(2, 2);
        stream.connection().sendRaw(ByteBuffer.wrap(headerOf(2)));

        await().atMost(WAIT).until(stream::isClosed);
        assertThat(links.isConnected(2)).isFalse();
    }

    @Test
    void connectionsWeOpenStartWithAVersion2HeaderNamingUsAndOurElectionAddress() throws Exception {
        ElectionLinks links = startLinks(2, new ReceivedMessages());
        RecordingAcceptor peer1 = listenAs(1, electionAddress(1));

        links.send(1, text("hello"));

        await().atMost(WAIT).until(() -> !peer1.accepted.isEmpty()
                && peer1.last().header().isPresent() && !peer1.last().messagesAfterHeader().isEmpty());
        assertThat(peer1.last().header()).contains(InitialMessage.v2(2, List.of("127.0.0.1:3002")));
        assertThat(peer1.last().messagesAfterHeader()).containsExactly("hello");
    }

    // Which connection of a pair survives

    @Test
    void aHigherSidsConnectionIsKeptAndCarriesMessagesBothWays() throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        ElectionLinks links = startLinks(2, received);

        RecordingStream peer3 = connectAs(3, 2);
        peer3.connection().sendRaw(concat(headerOf(3), framed("from 3")));
        await().atMost(WAIT).until(() -> links.isConnected(3));
        links.send(3, text("to 3"));

        await().atMost(WAIT).until(() -> peer3.messages().contains("to 3"));
        assertThat(received.messages).containsExactly("3:from 3");
        assertThat(peer3.isClosed()).isFalse();
    }

    @Test
    void aLowerSidThatConnectsIsDroppedAndConnectedToAtTheAddressItAnnounced() throws Exception {
        ElectionLinks links = startLinks(2, new ReceivedMessages());
        // Not the address of server.1 in the configuration: the announced one is used, as in ZooKeeper.
        InetSocketAddress announced = new InetSocketAddress("127.0.0.1", 4001);
        RecordingAcceptor peer1 = listenAs(1, announced);

        RecordingStream dropped = connectAs(1, 2);
        dropped.connection().sendRaw(ByteBuffer.wrap(InitialMessage.v2(1, List.of("127.0.0.1:4001")).toBytes()));

        await().atMost(WAIT).until(dropped::isClosed);
        await().atMost(WAIT).until(() -> links.isConnected(1));
        links.send(1, text("instead"));
        await().atMost(WAIT).until(() -> peer1.last().header().isPresent()
                && peer1.last().messagesAfterHeader().contains("instead"));
        assertThat(peer1.accepted).hasSize(1);
        assertThat(peer1.last().header().orElseThrow().sid()).isEqualTo(2);
    }

    @Test
    void aConnectionWeOpenToAHigherSidIsClosedOnceOurHeaderIsWritten() throws Exception {
        ElectionLinks links = startLinks(1, new ReceivedMessages());
        RecordingAcceptor peer2 = listenAs(2, electionAddress(2));

        links.send(2, text("waits for 2"));

        await().atMost(WAIT).until(() -> !peer2.accepted.isEmpty() && peer2.last().isClosed());
        assertThat(peer2.last().header()).contains(InitialMessage.v2(1, List.of("127.0.0.1:3001")));
        assertThat(peer2.last().messagesAfterHeader()).isEmpty();
        assertThat(links.isConnected(2)).isFalse();

        // Peer 2 connects back, as a ZooKeeper peer does, and gets what waited.
        RecordingStream back = connectAs(2, 1);
        back.connection().sendRaw(ByteBuffer.wrap(headerOf(2)));
        await().atMost(WAIT).until(() -> back.messages().contains("waits for 2"));
    }

    @ParameterizedTest(name = "first to send: {0}")
    @ValueSource(strings = {"lower", "higher", "both at once"})
    void theOneConnectionLeftBetweenTwoPeersIsTheOneTheHigherSidOpened(String first) throws Exception {
        ReceivedMessages received1 = new ReceivedMessages();
        ReceivedMessages received2 = new ReceivedMessages();
        ElectionLinks links1 = startLinks(1, received1);
        ElectionLinks links2 = startLinks(2, received2);

        if (!first.equals("higher")) {
            links1.send(2, text("from 1"));
        }
        if (!first.equals("lower")) {
            links2.send(1, text("from 2"));
        }
        await().atMost(WAIT).until(() -> links1.isConnected(2) && links2.isConnected(1));
        links1.send(2, text("again from 1"));
        links2.send(1, text("again from 2"));

        await().atMost(WAIT).until(() -> received2.messages.contains("1:again from 1")
                && received1.messages.contains("2:again from 2"));
        await().atMost(WAIT).until(() -> network.openLinks().equals(List.of(new Link("peer-2", "peer-1"))));
    }

    @Test
    void aNewConnectionFromASidReplacesItsOlderOne() throws Exception {
        ElectionLinks links = startLinks(2, new ReceivedMessages());
        RecordingStream older = connectAs(3, 2);
        older.connection().sendRaw(ByteBuffer.wrap(headerOf(3)));
        await().atMost(WAIT).until(() -> links.isConnected(3));

        RecordingStream newer = connectAs(3, 2);
        newer.connection().sendRaw(ByteBuffer.wrap(headerOf(3)));
        await().atMost(WAIT).until(older::isClosed);
        links.send(3, text("on the newer"));

        await().atMost(WAIT).until(() -> newer.messages().contains("on the newer"));
        assertThat(older.messages()).isEmpty();
    }

    // Messages

    @Test
    void messagesCutIntoChunksOfAFewBytesArriveWholeAndInOrder() throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        startLinks(2, received);
        List<String> sent = IntStream.range(0, 60).mapToObj(i -> i + ":" + "x".repeat(i * 7)).toList();

        Connection peer3 = connectAs(3, 2).connection();
        peer3.sendRaw(ByteBuffer.wrap(headerOf(3)));
        sent.forEach(m -> peer3.sendRaw(ByteBuffer.wrap(framed(m))));

        await().atMost(WAIT).until(() -> received.messages.size() == sent.size());
        assertThat(received.messages).containsExactlyElementsOf(sent.stream().map(m -> "3:" + m).toList());
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {512 * 1024 + 1, 0, -1})
    void aBadLengthClosesTheConnectionAfterTheMessagesBeforeIt(int length) throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        ElectionLinks links = startLinks(2, received);

        RecordingStream peer3 = connectAs(3, 2);
        peer3.connection().sendRaw(concat(headerOf(3), framed("before"),
                ByteBuffer.allocate(8).putInt(length).putInt(42).array()));

        await().atMost(WAIT).until(peer3::isClosed);
        assertThat(received.messages).containsExactly("3:before");
        assertThat(links.isConnected(3)).isFalse();
    }

    @Test
    void messagesOfNoBytesOrAboveTheLimitAreRefused() throws Exception {
        ElectionLinks links = startLinks(1, new ReceivedMessages());

        assertThatThrownBy(() -> links.send(2, ByteBuffer.allocate(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.send(2, ByteBuffer.allocate(512 * 1024 + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageToOurselvesGoesStraightToTheReceiverOnTheSendersThread() throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        ElectionLinks links = startLinks(1, received);

        links.send(1, text("to me"));

        assertThat(received.messages).containsExactly("1:to me");
        assertThat(received.threads).containsExactly(Thread.currentThread().getName());
        assertThat(network.openLinks()).isEmpty();
    }

    // The send queue

    @Test
    void onlyTheNewestMessageWaitsForAPeerThatIsDownAndItGoesOutOnConnectAll() throws Exception {
        ElectionLinks links1 = startLinks(1, new ReceivedMessages());
        links1.send(2, text("older"));
        links1.send(2, text("newer"));

        ReceivedMessages received2 = new ReceivedMessages();
        startLinks(2, received2);
        links1.connectAll();

        await().atMost(WAIT).until(() -> !received2.messages.isEmpty());
        assertThat(received2.messages).containsExactly("1:newer");
    }

    @Test
    void theLastMessageSentIsSentAgainOnANewConnectionWhenNothingIsQueued() throws Exception {
        ElectionLinks links = startLinks(2, new ReceivedMessages());
        RecordingStream first = connectAs(3, 2);
        first.connection().sendRaw(ByteBuffer.wrap(headerOf(3)));
        await().atMost(WAIT).until(() -> links.isConnected(3));
        links.send(3, text("last"));
        await().atMost(WAIT).until(() -> first.messages().contains("last"));

        RecordingStream second = connectAs(3, 2);
        second.connection().sendRaw(ByteBuffer.wrap(headerOf(3)));

        await().atMost(WAIT).until(() -> second.messages().contains("last"));
    }

    @Test
    void aConnectAskedForWhileAnAttemptIsUnderWayIsTriedOnceMoreWhenThatOneFails() throws Exception {
        CountDownLatch dialling = new CountDownLatch(1);
        CountDownLatch refuse = new CountDownLatch(1);
        Transport peer1 = network.transport("peer-1");
        // The first attempt hangs until the test lets it fail, as a connect does against a peer not up yet.
        Transport firstAttemptRefused = new Transport() {
            private boolean first = true;

            @Override
            public String name() {
                return peer1.name();
            }

            @Override
            public Listener listen(InetSocketAddress address, TransportOptions options, FrameHandler handler)
                    throws IOException {
                return peer1.listen(address, options, handler);
            }

            @Override
            public Connection connect(InetSocketAddress address, TransportOptions options, FrameHandler handler,
                    Duration timeout) throws IOException {
                if (first) {
                    first = false;
                    dialling.countDown();
                    try {
                        refuse.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new ConnectException("Connection refused");
                }
                return peer1.connect(address, options, handler, timeout);
            }
        };
        ElectionLinks links1 = new ElectionLinks(QuorumMembership.fromConfigText(1, CONFIG), firstAttemptRefused,
                ElectionLinks.Settings.defaults());
        toClose.add(links1);
        links1.start(new ReceivedMessages());
        links1.send(2, text("waited"));
        assertThat(dialling.await(10, TimeUnit.SECONDS)).isTrue();

        ReceivedMessages received2 = new ReceivedMessages();
        startLinks(2, received2);
        links1.connectAll();
        refuse.countDown();

        await().atMost(WAIT).until(() -> received2.messages.contains("1:waited"));
    }

    // Restarts and shutdown

    @Test
    void aPeerThatRestartsIsReachedAgainOnDemand() throws Exception {
        ReceivedMessages received1 = new ReceivedMessages();
        ElectionLinks links1 = startLinks(1, received1);
        ElectionLinks links2 = startLinks(2, new ReceivedMessages());
        links1.send(2, text("before"));
        await().atMost(WAIT).until(() -> links1.isConnected(2));

        links2.close();
        await().atMost(WAIT).until(() -> !links1.isConnected(2));
        links1.send(2, text("while down"));
        ReceivedMessages restarted = new ReceivedMessages();
        ElectionLinks links2again = startLinks(2, restarted);
        links1.connectAll();

        await().atMost(WAIT).until(() -> restarted.messages.contains("1:while down"));
        links2again.send(1, text("back"));
        await().atMost(WAIT).until(() -> received1.messages.contains("2:back"));
    }

    @Test
    void closedLinksStopListeningDropTheirConnectionsAndLeaveNoThread() throws Exception {
        ElectionLinks links1 = startLinks(1, new ReceivedMessages());
        ReceivedMessages received2 = new ReceivedMessages();
        startLinks(2, received2);
        links1.send(2, text("hello"));
        await().atMost(WAIT).until(() -> received2.messages.contains("1:hello"));

        links1.close();

        await().atMost(WAIT).until(() -> network.openLinks().isEmpty());
        assertThat(threadAlive("paddock-election-connect-1")).isFalse();
        assertThatThrownBy(() -> connectAs(9, 1)).isInstanceOf(ConnectException.class);
        links1.send(2, text("after close"));
        assertThat(links1.isConnected(2)).isFalse();
    }

    @Test
    void linksThatCannotListenFailToStartAndLeaveNothingRunning() throws Exception {
        listenAs(9, electionAddress(1));
        ElectionLinks links = new ElectionLinks(QuorumMembership.fromConfigText(1, CONFIG),
                network.transport("peer-1"), ElectionLinks.Settings.defaults());

        assertThatThrownBy(() -> links.start(new ReceivedMessages())).isInstanceOf(BindException.class);
        assertThat(threadAlive("paddock-election-connect-1")).isFalse();
    }
}
