package io.paddock.quorum.election;

import io.paddock.api.election.Election;
import io.paddock.api.election.Outbox;
import io.paddock.api.election.Vote;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Election} over {@link ElectionLinks} on one thread, {@code paddock-election-<sid>}:
 * it feeds the election the messages the links receive and the time, ticking it at
 * {@link Election#nextTickMillis()}, and is its {@link Outbox}. The protocol is the election's;
 * this class only moves bytes and time. It keeps feeding the election between elections, so
 * the election answers peers that look while this one does not.
 *
 * <p>Received messages wait in a queue of {@value #RECEIVE_CAPACITY} that drops the oldest when
 * full, ZooKeeper's {@code RECV_CAPACITY}, so a transport thread never waits for the election.
 * When a tick comes while looking and nothing arrived since the last one, the runner asks the
 * links to {@link ElectionLinks#connectAll() connect to all} first, as ZooKeeper's
 * {@code lookForLeader} does when its notification timeout passes in silence.
 */
public final class ElectionRunner implements AutoCloseable {
    /** ZooKeeper's {@code RECV_CAPACITY}. */
    static final int RECEIVE_CAPACITY = 100;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ElectionRunner.class);

    /** What other threads hand the runner's thread, taken in the order it came. */
    private sealed interface Event {}

    private record Message(long sid, ByteBuffer bytes) implements Event {}

    private record Look(Vote proposal, CompletableFuture<Vote> decided) implements Event {}

    private record PeerEpoch(long epoch) implements Event {}

    private final long myId;
    private final ElectionLinks links;
    private final Election election;
    private final LongSupplier clock;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Messages and commands in arrival order, so a message that came before a look is read before it starts. */
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private int messages;
    private boolean started;
    private boolean stopping;

    /** The runner thread's own: the caller of the current look, and whether anything came since the last tick. */
    private CompletableFuture<Vote> looking;
    private boolean heardSinceTick;

    /**
     * @param elections creates the election, given the outbox it sends through
     * @param clock     the time in milliseconds the election is fed; waits are measured on it too
     */
    public ElectionRunner(ElectionLinks links, Function<Outbox, Election> elections, LongSupplier clock) {
        this.links = Objects.requireNonNull(links, "links");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.myId = links.myId();
        this.election = Objects.requireNonNull(elections.apply(this::send), "election");
        this.thread = new Thread(this::run, "paddock-election-" + myId);
    }

    /** Milliseconds that never go back, for {@code clock}. */
    public static LongSupplier monotonicClock() {
        return () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    public void start() {
        lock.lock();
        try {
            if (started || stopping) {
                throw new IllegalStateException("the election runner of " + myId + " was started already");
            }
            started = true;
        } finally {
            lock.unlock();
        }
        thread.start();
    }

    /** A message from peer {@code sid}, for {@link ElectionLinks#start}. Never blocks. */
    public void receive(long sid, ByteBuffer message) {
        lock.lock();
        try {
            if (messages == RECEIVE_CAPACITY) {
                dropOldestMessage();
            }
            events.add(new Message(sid, message));
            messages++;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts looking for a leader, proposing {@code proposal}. The future completes with the vote
     * the election decides on; it is cancelled by a later call, or when the runner stops.
     */
    public CompletableFuture<Vote> lookForLeader(Vote proposal) {
        CompletableFuture<Vote> decided = new CompletableFuture<>();
        if (!submit(new Look(Objects.requireNonNull(proposal, "proposal"), decided))) {
            decided.completeExceptionally(new CancellationException("the election runner of " + myId + " is stopped"));
        }
        return decided;
    }

    /** This peer has synced with its leader, of epoch {@code epoch} ({@link Election#updatePeerEpoch}). */
    public void updatePeerEpoch(long epoch) {
        submit(new PeerEpoch(epoch));
    }

    /**
     * Stops the thread, waiting for it a bounded time; a look still going on is cancelled. The
     * links are the caller's to close.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            stopping = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive()) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("the election thread of sid {} did not stop within {}", myId, STOP_WAIT);
            }
        }
        abandonEvents();
    }

    private boolean submit(Event command) {
        lock.lock();
        try {
            if (stopping) {
                return false;
            }
            events.add(command);
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Holds the lock. */
    private void dropOldestMessage() {
        for (Iterator<Event> it = events.iterator(); it.hasNext();) {
            if (it.next() instanceof Message) {
                it.remove();
                messages--;
                log.debug("sid {} dropped the oldest election message it had not read yet", myId);
                return;
            }
        }
    }

    /** Nothing runs events any more: fail the looks never taken. */
    private void abandonEvents() {
        lock.lock();
        try {
            stopping = true;
            for (Event e : events) {
                if (e instanceof Look look) {
                    look.decided().completeExceptionally(new CancellationException("the election runner stopped"));
                }
            }
            events.clear();
            messages = 0;
        } finally {
            lock.unlock();
        }
    }

    /** The election's outbox: runs on this runner's thread. */
    private void send(long sid, ByteBuffer message) {
        links.send(sid, message);
    }

    private void run() {
        try {
            List<Event> batch = new ArrayList<>();
            while (waitForWork(batch)) {
                long now = clock.getAsLong();
                for (Event event : batch) {
                    handle(event, now);
                    answerIfDecided();
                }
                batch.clear();
                if (now >= election.nextTickMillis()) {
                    tick(now);
                    answerIfDecided();
                }
            }
        } catch (InterruptedException e) {
            log.warn("the election thread of sid {} was interrupted; it stops", myId);
        } catch (RuntimeException | Error e) {
            log.error("the election thread of sid {} failed and stops", myId, e);
            if (looking != null) {
                looking.completeExceptionally(e);
            }
        } finally {
            if (looking != null) {
                looking.completeExceptionally(new CancellationException("the election runner stopped"));
            }
            abandonEvents();
        }
    }

    /**
     * Waits until there is work, or the election's next tick is due, and takes the work.
     *
     * @return false once the runner stops
     */
    private boolean waitForWork(List<Event> batch) throws InterruptedException {
        long next = election.nextTickMillis();
        lock.lock();
        try {
            while (!stopping && events.isEmpty()) {
                if (next == Long.MAX_VALUE) {
                    changed.await();
                    continue;
                }
                long wait = next - clock.getAsLong();
                if (wait <= 0) {
                    break;
                }
                changed.await(wait, TimeUnit.MILLISECONDS);
            }
            if (stopping) {
                return false;
            }
            batch.addAll(events);
            events.clear();
            messages = 0;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void handle(Event event, long now) {
        if (event instanceof Message m) {
            election.receive(m.sid(), m.bytes(), now);
            heardSinceTick = true;
        } else if (event instanceof Look look) {
            if (looking != null) {
                looking.completeExceptionally(new CancellationException("a newer look for a leader replaced this one"));
            }
            looking = look.decided();
            heardSinceTick = false;
            election.startLooking(look.proposal(), now);
        } else if (event instanceof PeerEpoch epoch) {
            election.updatePeerEpoch(epoch.epoch());
        }
    }

    private void tick(long now) {
        if (looking != null && !heardSinceTick) {
            links.connectAll();
        }
        heardSinceTick = false;
        election.tick(now);
    }

    /** Completes the caller's look once the election has decided. */
    private void answerIfDecided() {
        if (looking != null) {
            election.decision().ifPresent(vote -> {
                CompletableFuture<Vote> caller = looking;
                looking = null;
                caller.complete(vote);
            });
        }
    }
}
