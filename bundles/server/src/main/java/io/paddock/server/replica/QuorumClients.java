package io.paddock.server.replica;

import io.paddock.api.proto.Id;
import io.paddock.api.quorum.ClientService;
import io.paddock.api.quorum.Forwarder;
import io.paddock.api.quorum.LeaderGate;
import io.paddock.api.quorum.LeaderStatus;
import io.paddock.api.quorum.LearnerGate;
import io.paddock.api.quorum.Proposer;
import io.paddock.api.quorum.RequestOrigin;
import io.paddock.api.txn.Zxid;
import io.paddock.server.auth.SaslAuthenticator;
import io.paddock.server.cnxn.ClientPort;
import io.paddock.server.cnxn.FourLetterWordHandler;
import io.paddock.server.cnxn.ForwardedRequests;
import io.paddock.server.cnxn.ServerState;
import io.paddock.server.cnxn.SessionValidator;
import io.paddock.server.config.ServerSettings;
import io.paddock.server.db.Database;
import io.paddock.server.processor.LeaderChain;
import io.paddock.server.processor.LearnerChain;
import io.paddock.server.processor.ReplicaPipeline;
import io.paddock.server.processor.Request;
import io.paddock.server.processor.RequestStats;
import io.paddock.server.reaper.ContainerReaper;
import io.paddock.server.reaper.ReaperThread;
import io.paddock.server.session.SessionExpirer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port as quorum roles open and close it. As leader, clients' and learners' requests
 * go through the leader chain, and this server expires sessions and reaps containers for the
 * ensemble; as learner, the learner chain forwards what the leader decides, and a session a
 * client resumes is revalidated with the leader. Between roles no client is served.
 */
public final class QuorumClients implements ClientService, ServerState {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumClients.class);

    private final ClientPort port;
    private final ServerReplica replica;
    private final ReplicaPipeline pipeline;
    private volatile Proposer proposer;
    private final Database db;
    private final ServerSettings settings;
    private volatile String mode;
    private LeaderChain leaderChain;
    private LearnerChain learnerChain;
    private SessionExpirer expirer;
    private ReaperThread reaper;

    /** {@code sasl} is null when SASL is not configured. */
    public QuorumClients(ServerReplica replica, Database db, ServerSettings settings, SaslAuthenticator sasl) {
        this.replica = replica;
        this.pipeline = replica.pipeline();
        this.db = db;
        this.settings = settings;
        this.port = new ClientPort(db, null, settings, sasl, new FourLetterWordHandler(settings, db, this));
        pipeline.onSessionClosedElsewhere(port::closeConnectionOf);
    }

    /** The client port's connections, for the transport to listen with. */
    public ClientPort port() {
        return port;
    }

    @Override
    public synchronized LeaderGate serveAsLeader(long epoch, Proposer proposer) {
        stopServing();
        LeaderChain chain = new LeaderChain(pipeline, epoch, proposer, settings.extendedTypesEnabled(),
                settings.enforceQuota());
        leaderChain = chain;
        this.proposer = proposer;
        db.advanceTo(Zxid.of(epoch, 0));
        db.sessions().renewAll();
        expirer = new SessionExpirer(db.sessions(), port::expire);
        reaper = new ReaperThread(new ContainerReaper(db::tree, path -> chain.submitForwarded(Request.reap(path)),
                settings.extendedTypesEnabled(), settings.containerMaxPerMinute(),
                settings.containerMaxNeverUsedIntervalMs()), settings.containerCheckIntervalMs(),
                System::currentTimeMillis);
        port.serve(chain, (id, timeout, answer) -> answer.accept(db.sessions().touch(id, timeout)
                && db.sessions().setOwner(id, Request.LOCAL)), false);
        mode = "leader";
        LOG.info("serving clients as the leader of epoch {}", epoch);
        return new LeaderGate() {
            @Override
            public void submit(long sessionId, int cxid, int type, ByteBuffer request, List<Id> authIds,
                               RequestOrigin origin) {
                chain.submitForwarded(ForwardedRequests.decode(sessionId, cxid, type, request, authIds, origin,
                        settings.maxBuffer()));
            }

            @Override
            public boolean revalidate(long sessionId, int timeout, RequestOrigin origin) {
                return db.sessions().touch(sessionId, timeout) && db.sessions().setOwner(sessionId, origin);
            }

            @Override
            public void touch(long sessionId, int timeout) {
                db.sessions().touch(sessionId);
            }
        };
    }

    @Override
    public synchronized LearnerGate serveAsLearner(boolean observer, Forwarder forwarder) {
        stopServing();
        LearnerChain chain = new LearnerChain(pipeline, forwarder);
        learnerChain = chain;
        Map<Long, List<Consumer<Boolean>>> revalidating = new ConcurrentHashMap<>();
        SessionValidator remote = (id, timeout, answer) -> {
            revalidating.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(answer);
            forwarder.revalidate(id, timeout);
        };
        port.serve(chain, remote, true);
        mode = observer ? "observer" : "follower";
        LOG.info("serving clients as {}", mode);
        return new LearnerGate() {
            @Override
            public void syncDone() {
                chain.leaderSynced();
            }

            @Override
            public void revalidated(long sessionId, boolean valid) {
                List<Consumer<Boolean>> waiting = revalidating.remove(sessionId);
                if (waiting != null) {
                    waiting.forEach(answer -> answer.accept(valid));
                }
            }

            @Override
            public Map<Long, Integer> drainTouchedSessions() {
                return port.drainTouched();
            }
        };
    }

    @Override
    public synchronized void stopServing() {
        if (mode != null) {
            LOG.info("no longer serving clients as {}", mode);
        }
        mode = null;
        port.stopServing();
        if (reaper != null) {
            reaper.close();
            reaper = null;
        }
        if (expirer != null) {
            expirer.close();
            expirer = null;
        }
        proposer = null;
        if (leaderChain != null) {
            leaderChain.shutdown();
            leaderChain = null;
        }
        if (learnerChain != null) {
            learnerChain.shutdown();
            learnerChain = null;
        }
    }

    @Override
    public RequestStats stats() {
        return pipeline.stats();
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public LeaderStatus leader() {
        Proposer p = proposer;
        return p == null ? null : p.status();
    }

    @Override
    public synchronized int pendingSyncs() {
        return leaderChain == null ? 0 : leaderChain.pendingSyncs();
    }

    @Override
    public String membership() {
        return replica.membership();
    }
}
