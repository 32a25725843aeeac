package io.paddock.quorum.role;

import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.quorum.Forwarder;
import io.paddock.api.quorum.LearnerGate;
import io.paddock.api.quorum.QuorumTiming;
import io.paddock.api.quorum.Replica;
import io.paddock.api.quorum.Role;
import io.paddock.api.quorum.RoleContext;
import io.paddock.api.quorum.SnapshotInstall;
import io.paddock.quorum.link.LinkItem;
import io.paddock.quorum.link.QuorumLink;
import io.paddock.quorum.link.QuorumLinks;
import io.paddock.quorum.wire.ForwardedRequest;
import io.paddock.quorum.wire.LearnerPing;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import io.paddock.quorum.wire.RevalidateReply;
import io.paddock.quorum.wire.RevalidateRequest;
import io.paddock.quorum.zab.LearnerProtocol;
import io.paddock.quorum.zab.ZabAction;
import io.paddock.quorum.zab.ZabMessage;
import io.paddock.quorum.zab.ZabPackets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower or an observer, as ZooKeeper's {@code Learner} with {@code Follower.followLeader} or
 * {@code Observer.observeLeader} runs it: connects to the elected leader (retrying for initLimit
 * ticks), runs the learner side of ZAB ({@link LearnerProtocol}) on its own loop, and once up to
 * date serves clients, forwarding to the leader what only it decides. Session activity goes to
 * the leader in PING replies; REVALIDATE and SYNC answers go back to the server.
 */
public final class Learner implements Role, QuorumLink.Listener, Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Learner.class);
    private static final long CONNECT_RETRY_NANOS = 100_000_000;

    private final RoleContext context;
    private final boolean observer;
    private final String name;
    private final Replica replica;
    private final RoleRun life;
    private final ZabPackets packets;
    private final ReplicaActions actions;
    private LearnerProtocol protocol;
    private volatile QuorumLink link;
    private volatile LearnerGate gate;
    private SnapshotInstall install;
    private QuorumPacket lastPing = QuorumPacket.of(PacketType.PING, 0);

    private Learner(RoleContext context, boolean observer) {
        this.context = context;
        this.observer = observer;
        this.name = observer ? "observer" : "follower";
        this.replica = context.replica();
        this.packets = new ZabPackets(context.quorum().configVersion(), context.quorum().configText());
        this.life = new RoleRun(name + " " + context.quorum().myId(), context, this::tick, this::stopOnLoop);
        this.actions = new ReplicaActions(replica, zxid -> life.post(() -> run(protocol.logged(zxid, RoleLoop.now()))));
    }

    /** Starts following (or observing) the leader the context's decision names. */
    public static Learner start(RoleContext context, boolean observer) {
        Learner learner = new Learner(context, observer);
        learner.life.start(learner::begin);
        return learner;
    }

    private void begin() throws IOException {
        replica.applyLogged();
        Epochs epochs = Epochs.of(replica);
        protocol = new LearnerProtocol(context.quorum().myId(), observer, context.timing(), epochs.accepted(),
                epochs.current(), replica.lastLoggedZxid());
        QuorumLink connected = connect();
        if (connected != null) {
            link = connected;
            run(protocol.connected(RoleLoop.now()));
        }
    }

    /** ZooKeeper's {@code connectToLeader}: tries again until initLimit ticks have passed. */
    private QuorumLink connect() {
        long leader = context.decision().leader();
        InetSocketAddress address = context.quorumAddress(leader);
        QuorumTiming timing = context.timing();
        long deadline = System.nanoTime() + timing.initMillis() * 1_000_000;
        IOException last = null;
        while (!life.over() && System.nanoTime() < deadline) {
            try {
                QuorumLink opened = QuorumLinks.connect(context.transport(), address, JuteInput.DEFAULT_MAX_LENGTH,
                        Duration.ofMillis(timing.tickTime()), this);
                LOG.info("{} {} connected to leader {} at {}", name, context.quorum().myId(), leader, address);
                return opened;
            } catch (IOException e) {
                last = e;
                LockSupport.parkNanos(CONNECT_RETRY_NANOS);
            }
        }
        life.end("could not connect to leader " + leader + " at " + address + ": " + last);
        return null;
    }

    @Override
    public void opened(QuorumLink opened) {
    }

    @Override
    public void received(QuorumLink from, LinkItem item) {
        life.post(() -> onItem(item));
    }

    @Override
    public void closed(QuorumLink from, Throwable cause) {
        life.post(() -> run(protocol.disconnected(RoleLoop.now())));
    }

    private void onItem(LinkItem item) throws IOException {
        if (life.over()) {
            return;
        }
        if (item instanceof LinkItem.Packet p) {
            onPacket(p.packet());
        } else if (item instanceof LinkItem.SnapshotPart part) {
            part.into(install);
        } else if (item instanceof LinkItem.SnapshotEnd) {
            install.finish();
            install = null;
        }
    }

    private void onPacket(QuorumPacket packet) {
        switch (packet.type()) {
            case PacketType.PING -> lastPing = packet;
            case PacketType.SYNC -> {
                LearnerGate g = gate;
                if (g != null) {
                    g.syncDone();
                }
                return;
            }
            case PacketType.REVALIDATE -> {
                RevalidateReply reply = RevalidateReply.parse(packet.data());
                LearnerGate g = gate;
                if (g != null) {
                    g.revalidated(reply.sessionId(), reply.valid());
                }
                return;
            }
            default -> {
            }
        }
        packets.decode(packet).ifPresent(message -> run(protocol.receive(message, RoleLoop.now())));
    }

    private void tick(long now) {
        if (protocol != null) {
            run(protocol.tick(now));
        }
    }

    private void run(List<ZabAction> todo) {
        for (ZabAction action : todo) {
            if (life.over()) {
                return;
            }
            if (actions.run(action)) {
                continue;
            }
            if (action instanceof ZabAction.Send send) {
                send(send.message());
            } else if (action instanceof ZabAction.InstallSnapshot snap) {
                try {
                    install = replica.installSnapshot(snap.zxid());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (action instanceof ZabAction.Serve serve) {
                gate = context.clients().serveAsLearner(observer, this);
                context.serving(serve.epoch());
                LOG.info("{} {} is up to date with leader {} in epoch {}", name, context.quorum().myId(),
                        context.decision().leader(), serve.epoch());
            } else if (action instanceof ZabAction.StepDown down) {
                life.end(down.reason());
            }
        }
    }

    private void send(ZabMessage message) {
        QuorumLink l = link;
        if (l == null) {
            return;
        }
        if (message instanceof ZabMessage.Ping) {
            l.send(pingReply());
        } else {
            l.send(packets.encode(message));
        }
    }

    /** The leader's PING echoed with the sessions active here since the last one. */
    private QuorumPacket pingReply() {
        LearnerGate g = gate;
        List<LearnerPing.Touch> touches = new ArrayList<>();
        if (g != null) {
            for (Map.Entry<Long, Integer> e : g.drainTouchedSessions().entrySet()) {
                touches.add(new LearnerPing.Touch(e.getKey(), e.getValue()));
            }
        }
        return new LearnerPing(touches).replyTo(lastPing);
    }

    @Override
    public void forward(long sessionId, int cxid, int type, ByteBuffer request, List<Id> authIds) {
        byte[] body = new byte[request.remaining()];
        request.duplicate().get(body);
        QuorumLink l = link;
        if (l != null) {
            l.send(new ForwardedRequest(sessionId, cxid, type, body).packet(authIds));
        }
    }

    @Override
    public void revalidate(long sessionId, int timeout) {
        QuorumLink l = link;
        if (l != null) {
            l.send(new RevalidateRequest(sessionId, timeout).packet());
        }
    }

    private void stopOnLoop() {
        context.clients().stopServing();
        gate = null;
        if (install != null) {
            install.abandon();
            install = null;
        }
        QuorumLink l = link;
        if (l != null) {
            l.close();
        }
    }

    @Override
    public void close() {
        life.close();
    }
}
