package io.paddock.quorum.zab;

import io.paddock.api.quorum.QuorumTiming;
import io.paddock.api.txn.Zxid;
import io.paddock.quorum.zab.ZabAction.Append;
import io.paddock.quorum.zab.ZabAction.Apply;
import io.paddock.quorum.zab.ZabAction.InstallSnapshot;
import io.paddock.quorum.zab.ZabAction.PersistAcceptedEpoch;
import io.paddock.quorum.zab.ZabAction.PersistCurrentEpoch;
import io.paddock.quorum.zab.ZabAction.Send;
import io.paddock.quorum.zab.ZabAction.Serve;
import io.paddock.quorum.zab.ZabAction.StepDown;
import io.paddock.quorum.zab.ZabAction.Truncate;
import io.paddock.quorum.zab.ZabMessage.Ack;
import io.paddock.quorum.zab.ZabMessage.AckEpoch;
import io.paddock.quorum.zab.ZabMessage.Commit;
import io.paddock.quorum.zab.ZabMessage.Diff;
import io.paddock.quorum.zab.ZabMessage.Inform;
import io.paddock.quorum.zab.ZabMessage.LeaderInfo;
import io.paddock.quorum.zab.ZabMessage.LearnerHello;
import io.paddock.quorum.zab.ZabMessage.NewLeader;
import io.paddock.quorum.zab.ZabMessage.Ping;
import io.paddock.quorum.zab.ZabMessage.Proposal;
import io.paddock.quorum.zab.ZabMessage.Snap;
import io.paddock.quorum.zab.ZabMessage.Trunc;
import io.paddock.quorum.zab.ZabMessage.UpToDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A follower's or observer's side of one leader's term, as ZooKeeper 3.9.3's
 * {@code Learner.registerWithLeader} and {@code syncWithLeader} and the follower's and
 * observer's main loops run it, as a state machine. Its input starts when the host has
 * connected to the leader; the database holds every txn of the log at that point (ZooKeeper
 * fast-forwards it when a role ends).
 *
 * <p>The crash windows around NEWLEADER (ZOOKEEPER-4643, -4646): the current epoch is written
 * only once every txn the sync brought is on disk, so a learner that restarts with the new
 * epoch never lacks a txn the leader counted it for.
 */
public final class LearnerProtocol {
    private enum Phase { CONNECTING, EPOCH, SYNC, NEWLEADER_PENDING, SYNCED, SERVING, STOPPED }

    private final long myId;
    private final boolean observer;
    private final QuorumTiming timing;
    private final long currentEpoch;
    private long acceptedEpoch;
    private long lastZxid;
    private long newEpoch;
    private long lastAppended;
    private long lastDurable;
    private long lastHeard;
    private Phase phase = Phase.CONNECTING;
    /** DIFF, TRUNC or SNAP came: exactly one opens the sync. */
    private boolean syncStarted;
    /** Proposals received and not yet committed, in zxid order. */
    private final Deque<Txn> pending = new ArrayDeque<>();
    /** Logged and not yet acked (acks of a sync wait for the ACK of NEWLEADER). */
    private final Deque<Long> unacked = new ArrayDeque<>();
    private List<ZabAction> out = new ArrayList<>();

    public LearnerProtocol(long myId, boolean observer, QuorumTiming timing, long acceptedEpoch, long currentEpoch,
            long lastZxid) {
        this.myId = myId;
        this.observer = observer;
        this.timing = timing;
        this.acceptedEpoch = acceptedEpoch;
        this.currentEpoch = currentEpoch;
        this.lastZxid = lastZxid;
        this.lastAppended = lastZxid;
        this.lastDurable = lastZxid;
    }

    /** The link to the leader is open: FOLLOWERINFO or OBSERVERINFO. */
    public List<ZabAction> connected(long now) {
        lastHeard = now;
        phase = Phase.EPOCH;
        out.add(new Send(0, new LearnerHello(myId, acceptedEpoch, observer)));
        return drain();
    }

    /** The link broke, or could not be opened: the role is over. */
    public List<ZabAction> disconnected(long now) {
        stepDown("lost the leader");
        return drain();
    }

    public List<ZabAction> receive(ZabMessage message, long now) {
        if (phase == Phase.STOPPED || phase == Phase.CONNECTING) {
            return drain();
        }
        lastHeard = now;
        if (message instanceof LeaderInfo info) {
            onLeaderInfo(info.newEpoch());
        } else if (message instanceof Diff diff) {
            expectSync(diff);
        } else if (message instanceof Trunc trunc) {
            if (expectSync(trunc)) {
                out.add(new Truncate(trunc.zxid()));
                lastZxid = lastAppended = lastDurable = Math.min(lastAppended, trunc.zxid());
            }
        } else if (message instanceof Snap snap) {
            if (expectSync(snap)) {
                out.add(new InstallSnapshot(snap.zxid()));
                lastZxid = lastAppended = lastDurable = snap.zxid();
            }
        } else if (message instanceof Proposal proposal) {
            onProposal(proposal.txn());
        } else if (message instanceof Commit commit) {
            onCommit(commit.zxid());
        } else if (message instanceof Inform inform) {
            onInform(inform.txn());
        } else if (message instanceof NewLeader newLeader) {
            onNewLeader(newLeader.zxid());
        } else if (message instanceof UpToDate) {
            onUpToDate();
        } else if (message instanceof Ping) {
            if (phase.compareTo(Phase.SYNCED) >= 0) {
                out.add(new Send(0, new Ping()));
            }
        } else {
            stepDown("unexpected " + message.getClass().getSimpleName() + " from the leader");
        }
        return drain();
    }

    /** The log has everything through {@code zxid} on disk. */
    public List<ZabAction> logged(long zxid, long now) {
        lastDurable = Math.max(lastDurable, zxid);
        if (phase == Phase.NEWLEADER_PENDING && lastDurable >= lastAppended) {
            acceptNewLeader();
        } else if (phase == Phase.SYNCED || phase == Phase.SERVING) {
            ackDurable();
        }
        return drain();
    }

    public List<ZabAction> tick(long now) {
        if (phase == Phase.STOPPED || phase == Phase.CONNECTING) {
            return drain();
        }
        long limit = phase == Phase.SERVING ? timing.syncMillis() : timing.initMillis();
        if (now - lastHeard > limit) {
            stepDown("no word from the leader for " + (now - lastHeard) + " ms");
        }
        return drain();
    }

    public boolean serving() {
        return phase == Phase.SERVING;
    }

    public boolean stopped() {
        return phase == Phase.STOPPED;
    }

    /** {@code Learner.registerWithLeader}: accept a newer epoch on disk before answering. */
    private void onLeaderInfo(long epoch) {
        if (phase != Phase.EPOCH) {
            stepDown("LEADERINFO out of turn");
            return;
        }
        newEpoch = epoch;
        long reported;
        if (epoch > acceptedEpoch) {
            out.add(new PersistAcceptedEpoch(epoch));
            acceptedEpoch = epoch;
            reported = currentEpoch;
        } else if (epoch == acceptedEpoch) {
            reported = -1;
        } else {
            stepDown("leader's epoch " + epoch + " is less than the accepted epoch " + acceptedEpoch);
            return;
        }
        phase = Phase.SYNC;
        out.add(new Send(0, new AckEpoch(lastZxid, reported)));
    }

    private boolean expectSync(ZabMessage message) {
        if (phase != Phase.SYNC || syncStarted) {
            stepDown(message.getClass().getSimpleName() + " out of turn");
            return false;
        }
        syncStarted = true;
        return true;
    }

    private void onProposal(Txn txn) {
        boolean expected = syncStarted && phase != Phase.STOPPED
                && (observer ? phase == Phase.SYNC : phase.compareTo(Phase.SYNC) >= 0);
        if (!expected) {
            stepDown("PROPOSAL out of turn");
            return;
        }
        if (txn.zxid() <= lastAppended) {
            stepDown("PROPOSAL " + Zxid.hex(txn.zxid()) + " is not after " + Zxid.hex(lastAppended));
            return;
        }
        pending.addLast(txn);
        lastAppended = txn.zxid();
        out.add(new Append(txn));
        if (phase == Phase.SYNCED || phase == Phase.SERVING) {
            unacked.addLast(txn.zxid());
        }
    }

    /**
     * A commit names the oldest pending proposal; any other is a leader that lies or a lost
     * packet, and ZooKeeper's follower exits on it.
     */
    private void onCommit(long zxid) {
        Txn head = pending.peekFirst();
        if (head == null || head.zxid() != zxid) {
            stepDown("COMMIT " + Zxid.hex(zxid) + " does not match the next pending proposal "
                    + (head == null ? "(none)" : Zxid.hex(head.zxid())));
            return;
        }
        pending.removeFirst();
        out.add(new Apply(head));
    }

    private void onInform(Txn txn) {
        if (!observer || phase != Phase.SYNCED && phase != Phase.SERVING) {
            stepDown("INFORM out of turn");
            return;
        }
        if (txn.zxid() <= lastAppended) {
            stepDown("INFORM " + Zxid.hex(txn.zxid()) + " is not after " + Zxid.hex(lastAppended));
            return;
        }
        lastAppended = txn.zxid();
        out.add(new Append(txn));
        out.add(new Apply(txn));
    }

    private void onNewLeader(long zxid) {
        if (phase != Phase.SYNC || !syncStarted || zxid != Zxid.of(newEpoch, 0)) {
            stepDown("NEWLEADER " + Zxid.hex(zxid) + " out of turn");
            return;
        }
        phase = Phase.NEWLEADER_PENDING;
        if (lastDurable >= lastAppended) {
            acceptNewLeader();
        }
    }

    /** Everything the sync brought is on disk: only now the new epoch becomes current. */
    private void acceptNewLeader() {
        phase = Phase.SYNCED;
        out.add(new PersistCurrentEpoch(newEpoch));
        out.add(new Send(0, new Ack(Zxid.of(newEpoch, 0))));
        if (!observer) {
            // Proposals the leader had not committed when the sync began count on our acks.
            for (Txn txn : pending) {
                unacked.addLast(txn.zxid());
            }
        }
        ackDurable();
    }

    private void onUpToDate() {
        if (phase != Phase.SYNCED) {
            stepDown("UPTODATE out of turn");
            return;
        }
        phase = Phase.SERVING;
        // ZooKeeper's learner acks UPTODATE with the epoch's first zxid; the leader ignores it.
        out.add(new Send(0, new Ack(Zxid.of(newEpoch, 0))));
        out.add(new Serve(newEpoch));
    }

    private void ackDurable() {
        while (!unacked.isEmpty() && unacked.peekFirst() <= lastDurable) {
            long zxid = unacked.removeFirst();
            if (!observer) {
                out.add(new Send(0, new Ack(zxid)));
            }
        }
    }

    private void stepDown(String reason) {
        if (phase != Phase.STOPPED) {
            phase = Phase.STOPPED;
            out.add(new StepDown(reason));
        }
    }

    private List<ZabAction> drain() {
        List<ZabAction> actions = out;
        out = new ArrayList<>();
        return actions;
    }
}
