package io.paddock.quorum.election;

import io.paddock.api.election.Election;
import io.paddock.api.election.Outbox;
import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An {@link Election} for the runner's tests: records each call with the time it was given and
 * the thread it came on, decides for the sender of a message reading "decide", and does what a
 * test asks when it starts looking.
 */
final class ScriptedElection implements Election {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final Outbox outbox;
    volatile long nextTick = Long.MAX_VALUE;
    volatile Consumer<Outbox> onStart = outbox -> { };
    volatile RuntimeException failOnReceive;
    private volatile Vote decision;

    ScriptedElection(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void startLooking(Vote proposal, long nowMillis) {
        record("look " + proposal.leader() + " at " + nowMillis);
        decision = null;
        onStart.accept(outbox);
    }

    @Override
    public void receive(long from, ByteBuffer message, long nowMillis) {
        String text = StandardCharsets.UTF_8.decode(message).toString();
        record("receive " + text + " from " + from + " at " + nowMillis);
        if (failOnReceive != null) {
            throw failOnReceive;
        }
        if (text.equals("decide")) {
            decision = new Vote(from, 0, 1, 1, PeerState.FOLLOWING);
        }
    }

    @Override
    public void tick(long nowMillis) {
        record("tick at " + nowMillis);
        nextTick = Long.MAX_VALUE;
    }

    @Override
    public Optional<Vote> decision() {
        return Optional.ofNullable(decision);
    }

    @Override
    public void updatePeerEpoch(long peerEpoch) {
        record("peer epoch " + peerEpoch);
    }

    @Override
    public long nextTickMillis() {
        return nextTick;
    }

    private void record(String call) {
        calls.add(call);
        threads.add(Thread.currentThread().getName());
    }
}
