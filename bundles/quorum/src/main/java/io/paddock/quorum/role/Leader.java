package io.paddock.quorum.role;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.quorum.LeaderGate;
import io.paddock.api.quorum.LeaderStatus;
import io.paddock.api.quorum.Proposer;
import io.paddock.api.quorum.Replica;
import io.paddock.api.quorum.RequestOrigin;
import io.paddock.api.quorum.Role;
import io.paddock.api.quorum.RoleContext;
import io.paddock.api.transport.Listener;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import io.paddock.quorum.link.LinkItem;
import io.paddock.quorum.link.QuorumLink;
import io.paddock.quorum.link.QuorumLinks;
import io.paddock.quorum.wire.ForwardedRequest;
import io.paddock.quorum.wire.LearnerPing;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import io.paddock.quorum.wire.RevalidateReply;
import io.paddock.quorum.wire.RevalidateRequest;
import io.paddock.quorum.zab.LeaderProtocol;
import io.paddock.quorum.zab.ZabAction;
import io.paddock.quorum.zab.ZabMessage;
import io.paddock.quorum.zab.ZabPackets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader, as ZooKeeper's {@code Leader.lead} and its {@code LearnerHandler}s run it: listens
 * on its quorum port, runs the leader side of ZAB ({@link LeaderProtocol}) for every learner link
 * on one loop, and once a quorum is synced serves clients: the server's prep stage proposes here,
 * this loop logs each proposal (its own ack), sends it to the followers and commits it once a
 * quorum has it. Learners' REQUESTs, REVALIDATEs and PING session data go to the server.
 */
public final class Leader implements Role, QuorumLink.Listener, Proposer {
    private static final Logger LOG = LoggerFactory.getLogger(Leader.class);
    /** Txns kept for DIFFs, as ZooKeeper's {@code zookeeper.commitLogCount} (500) and then some. */
    private static final int HISTORY_CAPACITY = 10_000;
    private static final Duration SNAPSHOT_APPLY_WAIT = Duration.ofMinutes(1);

    private final RoleContext context;
    private final Replica replica;
    private final RoleRun life;
    private final ZabPackets packets;
    private final Map<Long, QuorumLink> links = new ConcurrentHashMap<>();
    private final Map<Long, RequestOrigin> origins = new ConcurrentHashMap<>();
    private final ReplicaActions actions;
    private LeaderProtocol protocol;
    private ReplicaHistory history;
    private Listener listener;
    private volatile LeaderGate gate;
    /** What mntr shows of the learners, refreshed on the loop every tick. */
    private volatile LeaderProtocol.Learners learners = new LeaderProtocol.Learners(0, 0, 0);
    private volatile long servingSince;
    private final ProposalSizes proposalSizes = new ProposalSizes();

    private Leader(RoleContext context) {
        this.context = context;
        this.replica = context.replica();
        this.packets = new ZabPackets(context.quorum().configVersion(), context.quorum().configText());
        this.life = new RoleRun("leader " + context.quorum().myId(), context, this::tick, this::stopOnLoop);
        this.actions = new ReplicaActions(replica, zxid -> life.post(() -> run(protocol.logged(zxid, RoleLoop.now()))));
    }

    /** Starts leading: listens for learners and begins discovery. */
    public static Leader start(RoleContext context) {
        Leader leader = new Leader(context);
        leader.life.start(leader::begin);
        return leader;
    }

    private void begin() throws IOException {
        replica.applyLogged();
        Epochs epochs = Epochs.of(replica);
        history = new ReplicaHistory(replica, HISTORY_CAPACITY);
        protocol = new LeaderProtocol(context.quorum(), context.timing(), epochs.accepted(), epochs.current(),
                history);
        listener = QuorumLinks.listen(context.transport(), context.quorumAddress(context.quorum().myId()),
                JuteInput.DEFAULT_MAX_LENGTH, this);
        LOG.info("leader {} takes learners on {}", context.quorum().myId(), listener.localAddress());
        run(protocol.start(RoleLoop.now()));
    }

    @Override
    public void opened(QuorumLink link) {
        links.put(link.id(), link);
        life.post(() -> run(protocol.linkOpened(link.id(), RoleLoop.now())));
    }

    @Override
    public void received(QuorumLink link, LinkItem item) {
        if (item instanceof LinkItem.Packet p) {
            QuorumPacket packet = p.packet();
            // A learner's own traffic goes to the server straight from the transport's thread.
            switch (packet.type()) {
                case PacketType.REQUEST -> {
                    forwarded(link, packet);
                    return;
                }
                case PacketType.REVALIDATE -> {
                    revalidate(link, packet);
                    return;
                }
                case PacketType.PING -> touch(packet);
                default -> {
                }
            }
            life.post(() -> packets.decode(packet)
                    .ifPresent(m -> run(protocol.receive(link.id(), m, RoleLoop.now()))));
        } else {
            life.post(() -> {
                throw new IOException("a learner sent a snapshot");
            });
        }
    }

    @Override
    public void closed(QuorumLink link, Throwable cause) {
        links.remove(link.id());
        origins.remove(link.id());
        life.post(() -> run(protocol.linkClosed(link.id(), RoleLoop.now())));
    }

    private void forwarded(QuorumLink link, QuorumPacket packet) {
        LeaderGate g = gate;
        if (g == null) {
            LOG.warn("{} forwarded a request before the leader serves; closing it", link);
            link.close();
            return;
        }
        ForwardedRequest r = ForwardedRequest.parse(packet.data());
        g.submit(r.sessionId(), r.cxid(), r.type(), ByteBuffer.wrap(r.request()),
                packet.authinfo() == null ? List.of() : packet.authinfo(), origin(link));
    }

    private void revalidate(QuorumLink link, QuorumPacket packet) {
        RevalidateRequest r = RevalidateRequest.parse(packet.data());
        LeaderGate g = gate;
        boolean valid = g != null && g.revalidate(r.sessionId(), r.timeout(), origin(link));
        link.send(new RevalidateReply(r.sessionId(), valid).replyTo(packet));
    }

    private void touch(QuorumPacket ping) {
        LeaderGate g = gate;
        if (g != null) {
            for (LearnerPing.Touch t : LearnerPing.parse(ping.data()).touches()) {
                g.touch(t.sessionId(), t.timeout());
            }
        }
    }

    /**
     * A learner's link as the server sees it: one object per link, as the owner of the sessions
     * of that learner's clients (SessionMoved tells owners apart by identity), and where its syncs
     * are answered: SYNC on the link, in order with the commits before it.
     */
    private RequestOrigin origin(QuorumLink link) {
        return origins.computeIfAbsent(link.id(), id -> () -> link.send(QuorumPacket.of(PacketType.SYNC, 0)));
    }

    /** From the server's prep stage, in zxid order. */
    @Override
    public void propose(TxnEntry txn) {
        byte[] data = TxnCodec.encode(txn);
        proposalSizes.add(data.length);
        life.post(() -> {
            if (!protocol.established()) {
                return; // stepped down: the server's chain is being stopped with this request in it
            }
            List<ZabAction> todo = protocol.propose(data, RoleLoop.now());
            for (ZabAction a : todo) {
                if (a instanceof ZabAction.Append append && append.txn().zxid() != txn.zxid()) {
                    throw new IllegalStateException("prep made txn " + Zxid.hex(txn.zxid()) + " where the protocol"
                            + " proposes " + Zxid.hex(append.txn().zxid()));
                }
            }
            run(todo);
        });
    }

    private void tick(long now) {
        if (protocol != null) {
            run(protocol.tick(now));
            learners = protocol.learners();
        }
    }

    @Override
    public LeaderStatus status() {
        LeaderProtocol.Learners l = learners;
        long since = servingSince;
        return new LeaderStatus(l.connected(), l.syncedFollowers(), l.syncedObservers(),
                since == 0 ? 0 : RoleLoop.now() - since, proposalSizes.last(), proposalSizes.min(), proposalSizes.max());
    }

    private void run(List<ZabAction> todo) {
        for (ZabAction action : todo) {
            if (life.over()) {
                return;
            }
            if (action instanceof ZabAction.Append append) {
                history.add(append.txn());
            }
            if (actions.run(action)) {
                continue;
            }
            if (action instanceof ZabAction.Send send) {
                send(send.link(), send.message());
            } else if (action instanceof ZabAction.CloseLink close) {
                QuorumLink link = links.remove(close.link());
                if (link != null) {
                    LOG.info("closing {}: {}", link, close.reason());
                    link.close();
                }
            } else if (action instanceof ZabAction.Serve serve) {
                servingSince = RoleLoop.now();
                learners = protocol.learners();
                gate = context.clients().serveAsLeader(serve.epoch(), this);
                context.serving(serve.epoch());
                LOG.info("leader {} has a quorum in epoch {}", context.quorum().myId(), serve.epoch());
            } else if (action instanceof ZabAction.StepDown down) {
                life.end(down.reason());
            }
        }
    }

    private void send(long linkId, ZabMessage message) {
        QuorumLink link = links.get(linkId);
        if (link == null) {
            return;
        }
        if (message instanceof ZabMessage.Snap snap) {
            sendSnapshot(link, snap.zxid()); // the SNAP packet heads the stream it writes
        } else {
            link.send(packets.encode(message));
        }
    }

    /**
     * The snapshot after a SNAP, exactly at its zxid: everything committed through it is applied
     * first, and nothing later is committed while this loop writes it. The loop is busy meanwhile,
     * which a large tree makes noticeable (ZooKeeper writes it from the learner's own thread).
     */
    private void sendSnapshot(QuorumLink link, long zxid) {
        long deadline = System.nanoTime() + SNAPSHOT_APPLY_WAIT.toNanos();
        while (replica.lastProcessedZxid() < zxid) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the database did not reach " + Zxid.hex(zxid) + " for a snapshot");
            }
            LockSupport.parkNanos(100_000);
        }
        try {
            long nodes = link.sendSnapshot(zxid, replica.snapshotView());
            LOG.info("sent {} a snapshot at {} ({} nodes)", link, Zxid.hex(zxid), nodes);
        } catch (IOException e) {
            LOG.warn("sending {} a snapshot failed: {}", link, e.toString());
            link.close();
        }
    }

    private void stopOnLoop() {
        context.clients().stopServing();
        gate = null;
        if (listener != null) {
            listener.close();
        }
        links.values().forEach(QuorumLink::close);
        links.clear();
    }

    @Override
    public void close() {
        life.close();
    }
}
