package io.paddock.server.tree;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's quotas (protocol.md section 11), kept as ZooKeeper 3.9.3's DataTree keeps them:
 * the paths that have a {@code zookeeper_limits} node (ZooKeeper's path trie), and the count and
 * bytes of each such subtree written into its {@code zookeeper_stats} node as the tree changes,
 * with no txn, no new mzxid or version and no watch event. Mutated only by the thread applying
 * txns; {@link #maxPrefix} and {@link #exceedsHardLimit} are read by the prep stage.
 */
public final class QuotaTracker {
    public static final String LIMITS = "zookeeper_limits";
    public static final String STATS = "zookeeper_stats";
    private static final Logger LOG = LoggerFactory.getLogger(QuotaTracker.class);

    private final Map<String, DataNode> nodes;
    private final Set<String> quotaPaths = ConcurrentHashMap.newKeySet();

    QuotaTracker(Map<String, DataNode> nodes) {
        this.nodes = nodes;
    }

    public static String limitsPath(String path) {
        return DataTree.QUOTA + path + "/" + LIMITS;
    }

    public static String statsPath(String path) {
        return DataTree.QUOTA + path + "/" + STATS;
    }

    /**
     * The longest prefix of {@code path}, whole names only, that has a quota, or null
     * (getMaxPrefixWithQuota). The root can hold no quota, as in ZooKeeper.
     */
    public String maxPrefix(String path) {
        if (quotaPaths.isEmpty()) {
            return null;
        }
        String best = null;
        StringBuilder prefix = new StringBuilder();
        for (String name : path.split("/")) {
            if (name.isBlank()) {
                continue;
            }
            prefix.append('/').append(name);
            if (quotaPaths.contains(prefix.toString())) {
                best = prefix.toString();
            }
        }
        return best;
    }

    /** After a node is added. ZooKeeper's createNode: limits add a quota, stats are recounted. */
    void created(String path, byte[] data) {
        String parent = PathValidator.parent(path);
        String name = PathValidator.name(path);
        // startsWith, not a whole-name match, as ZooKeeper tests it: /zookeeper/quotax/zookeeper_limits
        // puts a quota on /x.
        if (parent.startsWith(DataTree.QUOTA)) {
            String quotaPath = normalize(parent.substring(DataTree.QUOTA.length()));
            if (name.equals(LIMITS) && quotaPath != null) {
                quotaPaths.add(quotaPath);
            }
            if (name.equals(STATS)) {
                recount(parent.substring(DataTree.QUOTA.length()));
            }
        }
        add(path, 1, data == null ? 0 : data.length);
    }

    /** After a node is removed. */
    void deleted(String path, byte[] data) {
        String parent = PathValidator.parent(path);
        // ZooKeeper tests /zookeeper here, not /zookeeper/quota, and then cuts the quota prefix's
        // length off the parent; a parent shorter than that would throw in ZooKeeper.
        if (parent.startsWith(DataTree.ZOOKEEPER) && PathValidator.name(path).equals(LIMITS)
                && parent.length() >= DataTree.QUOTA.length()) {
            String quotaPath = normalize(parent.substring(DataTree.QUOTA.length()));
            if (quotaPath != null) {
                quotaPaths.remove(quotaPath);
            }
        }
        add(path, -1, data == null ? 0 : -data.length);
    }

    /** After a node's data is replaced. */
    void dataChanged(String path, byte[] old, byte[] now) {
        add(path, 0, (now == null ? 0 : now.length) - (old == null ? 0 : old.length));
    }

    /**
     * After a snapshot is loaded (ZooKeeper's setupQuota): every leaf {@code zookeeper_limits}
     * under /zookeeper/quota gives a quota, and its stats node is recounted from the tree.
     */
    void setUp() {
        quotaPaths.clear();
        visitLimits(DataTree.QUOTA);
    }

    private void visitLimits(String path) {
        DataNode node = nodes.get(path);
        if (node == null) {
            return;
        }
        var children = node.children();
        if (children.isEmpty()) {
            String end = "/" + LIMITS;
            if (path.endsWith(end)) {
                String real = path.substring(DataTree.QUOTA.length(), path.indexOf(end));
                recount(real);
                String quotaPath = normalize(real);
                if (quotaPath != null) {
                    quotaPaths.add(quotaPath);
                }
            }
            return;
        }
        for (String c : children) {
            visitLimits(path + "/" + c);
        }
    }

    private void add(String path, int countDiff, long bytesDiff) {
        String prefix = maxPrefix(path);
        if (prefix == null) {
            return;
        }
        DataNode stats = nodes.get(statsPath(prefix));
        if (stats == null) {
            LOG.error("missing quota stats node {}", statsPath(prefix));
            return;
        }
        synchronized (stats) {
            stats.data = QuotaText.parse(stats.data).plus(countDiff, bytesDiff).toBytes();
        }
    }

    /** Writes the subtree's current count and bytes into its stats node (updateQuotaForPath). */
    private void recount(String path) {
        long[] countAndBytes = new long[2];
        count(path, countAndBytes);
        DataNode stats = nodes.get(statsPath(path));
        if (stats == null) {
            LOG.warn("missing quota stats node {}", statsPath(path));
            return;
        }
        synchronized (stats) {
            stats.data = QuotaText.of(countAndBytes[0], countAndBytes[1]).toBytes();
        }
    }

    private void count(String path, long[] countAndBytes) {
        DataNode node = nodes.get(path);
        if (node == null) {
            return;
        }
        byte[] data = node.data();
        countAndBytes[0]++;
        countAndBytes[1] += data == null ? 0 : data.length;
        for (String c : node.children()) {
            count(path + "/" + c, countAndBytes);
        }
    }

    /**
     * Whether a create ({@code countDiff} 1) or setData ({@code countDiff} 0) under {@code path}
     * would pass a hard limit, judged against the applied tree as ZooKeeperServer.checkQuota does.
     * As there, only the limit in force for each of count and bytes is checked: the hard one if
     * set, else the soft one, which only earns a warning; and a change of 0 is never checked.
     */
    public boolean exceedsHardLimit(String path, long bytesDiff, int countDiff) {
        String prefix = maxPrefix(path);
        if (prefix == null) {
            return false;
        }
        DataNode limitsNode = nodes.get(limitsPath(prefix));
        if (limitsNode == null) {
            LOG.error("missing quota limits node {}", limitsPath(prefix));
            return false;
        }
        QuotaText limits = QuotaText.parse(limitsNode.data());
        boolean checkCount = countDiff != 0 && (limits.count() > -1 || limits.countHardLimit() > -1);
        boolean checkBytes = bytesDiff != 0 && (limits.bytes() > -1 || limits.byteHardLimit() > -1);
        if (!checkCount && !checkBytes) {
            return false;
        }
        DataNode statsNode = nodes.get(statsPath(prefix));
        if (statsNode == null) {
            LOG.error("missing quota stats node {}", statsPath(prefix));
            return false;
        }
        QuotaText stats = QuotaText.parse(statsNode.data());
        if (checkCount && exceeds(prefix, "count", stats.count() + countDiff, limits.count(),
                limits.countHardLimit())) {
            return true;
        }
        return checkBytes && exceeds(prefix, "bytes", stats.bytes() + bytesDiff, limits.bytes(),
                limits.byteHardLimit());
    }

    private static boolean exceeds(String prefix, String what, long next, long soft, long hard) {
        boolean isHard = hard > -1;
        long limit = isHard ? hard : soft;
        if (next <= limit) {
            return false;
        }
        LOG.warn("Quota exceeded: {} [current {}={}, {}Limit={}]", prefix, what, next, isHard ? "hard" : "soft",
                limit);
        return isHard;
    }

    /** A quota path as ZooKeeper's path trie stores it: its non-blank names; null for none. */
    private static String normalize(String path) {
        StringBuilder b = new StringBuilder();
        for (String name : path.split("/")) {
            if (!name.isBlank()) {
                b.append('/').append(name);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }
}
