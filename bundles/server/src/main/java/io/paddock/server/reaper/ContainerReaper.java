package io.paddock.server.reaper;

import io.paddock.api.proto.StatPersisted;
import io.paddock.server.tree.DataNode;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.EphemeralOwner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's ContainerManager as plain logic: {@link #check(long)} finds the containers and TTL
 * nodes due for deletion and hands each to the pipeline as a deleteContainer, within the
 * per-minute budget (protocol.md section 9.2, "Reaper"). It reads no clock and starts no thread;
 * {@link ReaperThread} runs it on a schedule.
 *
 * <p>Being a candidate is only a hint: the prep stage checks the node again when the delete
 * reaches it, so a child created in between makes it fail with NOTEMPTY, as in ZooKeeper.
 */
public final class ContainerReaper {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerReaper.class);
    private static final long MINUTE_MS = TimeUnit.MINUTES.toMillis(1);

    private final Supplier<DataTree> tree;
    private final Consumer<String> reap;
    private final boolean ttlEnabled;
    private final int maxPerMinute;
    private final long maxNeverUsedIntervalMs;
    /** Times of the deletions issued in the last minute, oldest first; at most maxPerMinute. */
    private final ArrayDeque<Long> issued = new ArrayDeque<>();

    /**
     * @param tree                   the tree to look at (the database's, which recovery may replace)
     * @param reap                   submits a deleteContainer for a path
     * @param ttlEnabled             whether TTL nodes exist ({@code extendedTypesEnabled}); without it
     *                               ZooKeeper does not read an owner as a TTL and never expires one
     * @param maxPerMinute           at most this many deletions in any minute
     * @param maxNeverUsedIntervalMs a container that never had a child goes after this long; 0 never
     */
    public ContainerReaper(Supplier<DataTree> tree, Consumer<String> reap, boolean ttlEnabled, int maxPerMinute,
                           long maxNeverUsedIntervalMs) {
        if (maxPerMinute <= 0) {
            throw new IllegalArgumentException("maxPerMinute must be positive: " + maxPerMinute);
        }
        this.tree = tree;
        this.reap = reap;
        this.ttlEnabled = ttlEnabled;
        this.maxPerMinute = maxPerMinute;
        this.maxNeverUsedIntervalMs = maxNeverUsedIntervalMs;
    }

    /**
     * One pass at wall-clock time {@code now} (ms, the clock txn times come from): submits the
     * candidates the budget allows and returns how many. Candidates over budget wait for a later
     * pass, when they are found again.
     */
    public synchronized int check(long now) {
        while (!issued.isEmpty() && now - issued.peekFirst() >= MINUTE_MS) {
            issued.pollFirst();
        }
        List<String> due = candidates(now);
        int submitted = 0;
        for (String path : due) {
            if (issued.size() >= maxPerMinute) {
                LOG.debug("{} of {} reaper candidates wait for the per-minute limit of {}", due.size() - submitted,
                        due.size(), maxPerMinute);
                break;
            }
            LOG.debug("deleting reaper candidate {}", path);
            reap.accept(path);
            issued.addLast(now);
            submitted++;
        }
        return submitted;
    }

    /** The nodes due for deletion at {@code now}, parents before children, as ZooKeeper picks them. */
    public List<String> candidates(long now) {
        DataTree t = tree.get();
        List<String> due = new ArrayList<>();
        t.forEachNode(n -> {
            long owner = n.stat().ephemeralOwner();
            boolean container = EphemeralOwner.isContainer(owner);
            boolean ttl = ttlEnabled && EphemeralOwner.isTtl(owner);
            if (!container && !ttl) {
                return;
            }
            DataNode node = t.node(n.path());
            if (node == null || node.numChildren() > 0) {
                return;
            }
            if (container ? isDueContainer(n.stat(), now) : isDueTtl(n.stat(), now)) {
                due.add(n.path());
            }
        });
        return due;
    }

    // cversion > 0: the container has had a child. One that never had any is spared, so that it is
    // not deleted between its create and its first child's, unless maxNeverUsedIntervalMs is set.
    // ZooKeeper measures that interval from mtime, which is the create time unless data was set.
    private boolean isDueContainer(StatPersisted stat, long now) {
        if (stat.cversion() > 0) {
            return true;
        }
        return maxNeverUsedIntervalMs != 0 && now - stat.mtime() > maxNeverUsedIntervalMs;
    }

    // mtime, so that a setData restarts the clock.
    private static boolean isDueTtl(StatPersisted stat, long now) {
        long ttl = EphemeralOwner.ttlMillis(stat.ephemeralOwner());
        return ttl != 0 && now - stat.mtime() > ttl;
    }
}
