package io.paddock.server.processor;

import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.OpCode;
import io.paddock.api.quorum.Forwarder;
import java.nio.ByteBuffer;

/**
 * A follower's or observer's chain, as ZooKeeper's FollowerRequestProcessor (or
 * ObserverRequestProcessor) feeds its CommitProcessor: writes, syncs and session changes wait in
 * the commit stage and go to the leader as REQUESTs; they leave when the leader's commit (or
 * SYNC) comes back. Reads are answered here, after the connection's own waiting requests. It has
 * no thread: requests are handled on the connection's. The forwarder must not block: it is called
 * under the commit stage's lock.
 */
public final class LearnerChain implements RequestChain {
    private final ReplicaPipeline replica;
    private final CommitStage commits;
    private final Forwarder forwarder;

    public LearnerChain(ReplicaPipeline replica, Forwarder forwarder) {
        this.replica = replica;
        this.forwarder = forwarder;
        this.commits = new CommitStage(replica.finalStage());
        replica.pendingChanges().discardAfter(replica.db().lastProcessedZxid());
        replica.serveThrough(commits);
    }

    @Override
    public void submit(Request request) {
        replica.stats().submitted();
        Request r = replica.extensions().received(request);
        ClientChannel ch = r.channel();
        boolean forward = r.presetErr() == 0 && (Request.isWrite(r.type()) || r.type() == OpCode.SYNC);
        if (!forward && (ch == null || ch.inSync() == 0)) {
            replica.finalStage().processRequest(r);
            return;
        }
        r.setViaSync();
        if (ch != null) {
            ch.enterSync();
        }
        if (r.type() == OpCode.SYNC) {
            r.setAwaitsLeaderSync();
        }
        if (!forward) {
            commits.request(r);
            return;
        }
        ByteBuffer body = body(r);
        // The leader commits forwarded requests in the order it gets them and the commit stage
        // releases them in the order they wait: connections' threads must queue and forward in
        // one step, or two of them can cross and leave a request waiting for a commit gone by.
        synchronized (commits) {
            commits.request(r);
            forwarder.forward(r.sessionId(), r.xid(), r.type(), body, r.authIds());
        }
    }

    /** The bytes after the request header, as the client sent them; a createSession's are its timeout. */
    private static ByteBuffer body(Request r) {
        if (r.type() == OpCode.CREATE_SESSION) {
            return ByteBuffer.allocate(4).putInt(0, r.sessionTimeout());
        }
        if (r.body() == null) {
            return ByteBuffer.allocate(0);
        }
        JuteOutput out = new JuteOutput(r.body().estimatedSize());
        r.body().write(out);
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** The leader answered the oldest forwarded sync. */
    public void leaderSynced() {
        commits.leaderSynced();
    }

    /** Drops what waits for the leader: the role ended. */
    public void shutdown() {
        replica.serveThrough(null);
    }
}
