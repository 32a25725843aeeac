package io.paddock.quorum.election;

import static io.paddock.quorum.election.ElectionBytes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import io.paddock.api.transport.TransportOptions;
import io.paddock.quorum.config.QuorumMembership;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ElectionRunner} driving a {@link ScriptedElection} over links on the in-memory network, on a manual clock. */
class ElectionRunnerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONFIG = """
            server.1=127.0.0.1:2001:3001
            server.2=127.0.0.1:2002:3002
            """;
    private static final Vote PROPOSAL = new Vote(1, 0, 0, 0, PeerState.LOOKING);

    private final InMemoryNetwork network = new InMemoryNetwork(7, 16);
    private final AtomicLong clock = new AtomicLong(1_000);
    private ElectionLinks links;
    private ScriptedElection election;
    private ElectionRunner runner;

    @BeforeEach
    void startRunner() throws Exception {
        links = new ElectionLinks(QuorumMembership.fromConfigText(1, CONFIG), network.transport("peer-1"),
                ElectionLinks.Settings.defaults());
        runner = new ElectionRunner(links, outbox -> election = new ScriptedElection(outbox), clock::get);
        links.start(runner::receive);
        runner.start();
    }

    @AfterEach
    void stopRunner() throws Exception {
        runner.close();
        links.close();
        network.close();
    }

    @Test
    void lookingEndsWithTheVoteTheElectionDecidesOn() {
        CompletableFuture<Vote> decided = runner.lookForLeader(PROPOSAL);
        await().atMost(WAIT).until(() -> election.calls.contains("look 1 at 1000"));
        assertThat(decided).isNotDone();

        runner.receive(2, text("decide"));

        assertThat(decided.orTimeout(10, TimeUnit.SECONDS).join())
                .isEqualTo(new Vote(2, 0, 1, 1, PeerState.FOLLOWING));
    }

    @Test
    void theElectionIsFedOnlyOnTheRunnersThreadWithTheClocksTime() {
        runner.lookForLeader(PROPOSAL);
        clock.set(1_234);
        runner.receive(2, text("hello"));
        runner.updatePeerEpoch(5);

        await().atMost(WAIT).until(() -> election.calls.contains("peer epoch 5"));
        assertThat(election.calls).contains("receive hello from 2 at 1234");
        assertThat(election.threads).containsOnly("paddock-election-1");
    }

    @Test
    void messagesTheElectionSendsToItsOwnPeerComeBackThroughReceive() {
        election.onStart = outbox -> outbox.send(1, text("to myself"));

        runner.lookForLeader(PROPOSAL);

        await().atMost(WAIT).until(() -> election.calls.contains("receive to myself from 1 at 1000"));
    }

    @Test
    void theElectionIsTickedOnceTheClockReachesItsNextTick() {
        runner.lookForLeader(PROPOSAL);
        await().atMost(WAIT).until(() -> election.calls.contains("look 1 at 1000"));
        election.nextTick = 1_050;
        runner.receive(2, text("wake up"));
        await().atMost(WAIT).until(() -> election.calls.size() == 2);

        clock.set(1_060);

        await().atMost(WAIT).until(() -> election.calls.contains("tick at 1060"));
        assertThat(election.calls).containsExactly("look 1 at 1000", "receive wake up from 2 at 1000", "tick at 1060");
    }

    @Test
    void aTickAfterSilenceWhileLookingConnectsToThePeersItCouldNotReach() throws Exception {
        election.onStart = outbox -> outbox.send(2, text("are you there"));
        election.nextTick = 1_100;
        runner.lookForLeader(PROPOSAL);
        await().atMost(WAIT).until(() -> election.calls.contains("look 1 at 1000"));
        // Peer 2 comes up only after the message found nobody; the scripted election never resends.
        RecordingAcceptor peer2 = new RecordingAcceptor();
        network.transport("raw-2").listen(new InetSocketAddress("127.0.0.1", 3002),
                new TransportOptions(1 << 20, 0).asRawStream(), peer2);

        clock.set(1_100);

        await().atMost(WAIT).until(() -> election.calls.contains("tick at 1100"));
        await().atMost(WAIT).until(() -> !peer2.accepted.isEmpty() && peer2.last().header().isPresent());
        assertThat(peer2.last().header().orElseThrow().sid()).isEqualTo(1);
    }

    @Test
    void aNewLookCancelsTheOneBefore() {
        CompletableFuture<Vote> first = runner.lookForLeader(PROPOSAL);
        CompletableFuture<Vote> second = runner.lookForLeader(PROPOSAL);

        await().atMost(WAIT).until(first::isDone);
        assertThatThrownBy(first::join).isInstanceOf(CancellationException.class);
        assertThat(second).isNotDone();
    }

    @Test
    void closingCancelsTheLookAndStopsTheThread() {
        CompletableFuture<Vote> looking = runner.lookForLeader(PROPOSAL);

        runner.close();

        assertThatThrownBy(looking::join).isInstanceOf(CancellationException.class);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("paddock-election-1"));
        assertThat(runner.lookForLeader(PROPOSAL)).isCompletedExceptionally();
    }

    @Test
    void anElectionThatThrowsFailsTheLookAndStopsTheRunner() {
        CompletableFuture<Vote> looking = runner.lookForLeader(PROPOSAL);
        election.failOnReceive = new IllegalStateException("broken election");

        runner.receive(2, text("anything"));

        await().atMost(WAIT).until(looking::isDone);
        assertThatThrownBy(looking::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("broken election");
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("paddock-election-1")));
        assertThatThrownBy(() -> runner.lookForLeader(PROPOSAL).join()).isInstanceOf(CancellationException.class);
    }
}
