package io.paddock.server.tree;

import io.paddock.api.storage.ZxidDigest;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The recent tree digests that the {@code hash} four-letter word prints, kept as ZooKeeper
 * 3.9.3's DataTree keeps them: every applied top-level txn becomes the latest digest, but only
 * zxids that are a multiple of {@value #INTERVAL} (0x80) are logged, so that servers' logs line
 * up, and only the newest {@value #LIMIT} are kept.
 */
public final class DigestLog {
    static final int INTERVAL = 128;
    static final int LIMIT = 1024;

    private final ArrayDeque<ZxidDigest> log = new ArrayDeque<>();
    private volatile ZxidDigest last;

    /** Called by the applying thread after each top-level txn. */
    void record(long zxid, long digest) {
        ZxidDigest zd = new ZxidDigest(zxid, NodeDigest.VERSION, digest);
        last = zd;
        if (zxid % INTERVAL == 0) {
            synchronized (log) {
                log.addLast(zd);
                if (log.size() > LIMIT) {
                    log.removeFirst();
                }
            }
        }
    }

    /** The digest after the last applied txn, or null if none was applied to this tree. */
    public ZxidDigest last() {
        return last;
    }

    /** The logged digests, oldest first (a copy). */
    public List<ZxidDigest> entries() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }
}
