package io.paddock.quorum.peer;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import io.paddock.api.quorum.ClientService;
import io.paddock.api.quorum.QuorumTiming;
import io.paddock.api.quorum.QuorumView;
import io.paddock.api.quorum.Replica;
import io.paddock.api.quorum.Role;
import io.paddock.api.quorum.RoleContext;
import io.paddock.api.quorum.RoleFactory;
import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.transport.Transport;
import io.paddock.api.txn.Zxid;
import io.paddock.quorum.config.HostPort;
import io.paddock.quorum.config.QuorumMembership;
import io.paddock.quorum.config.QuorumServer;
import io.paddock.quorum.election.ElectionRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's {@code QuorumPeer.run}: look for a leader, play the role the election decided
 * (leading, following or observing) until it ends, look again. The election and the roles do the
 * protocol work; this loop only moves between them, on its own thread.
 */
public final class QuorumPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumPeer.class);

    private final QuorumMembership membership;
    private final QuorumTiming timing;
    private final ElectionRunner election;
    private final Function<PeerState, RoleFactory> roles;
    private final Replica replica;
    private final ClientService clients;
    private final Transport transport;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Role role;

    /** @param roles the factory of each role, by the state the election decided on */
    public QuorumPeer(QuorumMembership membership, QuorumTiming timing, ElectionRunner election,
                      Function<PeerState, RoleFactory> roles, Replica replica, ClientService clients,
                      Transport transport) {
        this.membership = membership;
        this.timing = timing;
        this.election = election;
        this.roles = roles;
        this.replica = replica;
        this.clients = clients;
        this.transport = transport;
        this.thread = new Thread(this::run, "paddock-peer-" + membership.myId());
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (!stopping) {
            try {
                Vote vote = election.lookForLeader(proposal()).get();
                LOG.info("peer {} decided: leader {} (zxid 0x{}, epoch {}), this peer {}", membership.myId(),
                        vote.leader(), Long.toHexString(vote.zxid()), vote.peerEpoch(), vote.state());
                play(vote);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (CancellationException e) {
                return; // the election runner stopped: so are we
            } catch (ExecutionException | IOException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.error("peer {}: {}; looking again", membership.myId(), e.toString(), e);
            }
        }
    }

    /** ZooKeeper proposes itself with its last logged zxid and current epoch ({@code getCurrentVote}). */
    private Vote proposal() throws IOException {
        long current = replica.epochs().current();
        long lastZxid = replica.lastLoggedZxid();
        long peerEpoch = current == QuorumEpochs.NONE ? Zxid.epoch(lastZxid) : current;
        return new Vote(membership.myId(), lastZxid, 0, peerEpoch, PeerState.LOOKING);
    }

    /** Runs the decided role until it ends (or the peer stops). */
    private void play(Vote vote) throws InterruptedException {
        RoleFactory factory = roles.apply(vote.state());
        if (factory == null) {
            LOG.warn("no role to play as {}; looking again in a tick", vote.state());
            Thread.sleep(timing.tickTime());
            return;
        }
        CountDownLatch ended = new CountDownLatch(1);
        Role started = factory.start(new Context(vote, ended));
        role = started;
        try {
            while (!stopping && !ended.await(timing.tickTime(), TimeUnit.MILLISECONDS)) {
                // waiting for the role to end
            }
        } finally {
            role = null;
            if (stopping) {
                started.close();
            }
        }
    }

    /** Where a peer takes learners: its quorum address from the configuration. */
    private InetSocketAddress quorumAddress(long sid) {
        QuorumServer member = membership.member(sid);
        if (member == null) {
            throw new IllegalArgumentException("sid " + sid + " is not a member");
        }
        HostPort hp = member.addresses().get(0).quorumAddress();
        return new InetSocketAddress(hp.host(), hp.port());
    }

    /** Stops the loop and the role it plays; bounded. */
    @Override
    public void close() {
        stopping = true;
        Role r = role;
        if (r != null) {
            r.close();
        }
        election.close();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.stopServing();
    }

    private final class Context implements RoleContext {
        private final Vote decision;
        private final CountDownLatch ended;

        Context(Vote decision, CountDownLatch ended) {
            this.decision = decision;
            this.ended = ended;
        }

        @Override
        public QuorumView quorum() {
            return membership;
        }

        @Override
        public Vote decision() {
            return decision;
        }

        @Override
        public InetSocketAddress quorumAddress(long sid) {
            return QuorumPeer.this.quorumAddress(sid);
        }

        @Override
        public Transport transport() {
            return transport;
        }

        @Override
        public QuorumTiming timing() {
            return timing;
        }

        @Override
        public Replica replica() {
            return replica;
        }

        @Override
        public ClientService clients() {
            return clients;
        }

        @Override
        public void serving(long servingEpoch) {
            election.updatePeerEpoch(servingEpoch);
        }

        @Override
        public void ended(String reason) {
            ended.countDown();
        }
    }
}
