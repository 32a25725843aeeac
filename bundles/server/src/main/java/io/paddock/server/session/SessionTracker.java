package io.paddock.server.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Live sessions and when each expires. Expiry runs in buckets of tickTime: a session touched at
 * {@code now} expires at the first multiple of tickTime strictly after {@code now + timeout}
 * (protocol.md section 14). Time comes from a supplied clock, so tests drive it by hand.
 */
public final class SessionTracker {
    /** One session: its negotiated timeout, its expiry deadline and whether it is closing. */
    private static final class Session {
        final long id;
        int timeout;
        long expiresAt;
        boolean closing;
        /** The server the session's client is on, as the leader knows it; null until known. */
        Object owner;

        Session(long id, int timeout) {
            this.id = id;
            this.timeout = timeout;
        }
    }

    private final Map<Long, Session> sessions = new HashMap<>();
    private final LongSupplier clock;
    private final int tickTime;
    private long nextSessionId;

    /**
     * @param serverId the top byte of every session id this tracker hands out (1 for standalone)
     * @param clock    monotonic milliseconds
     */
    public SessionTracker(long serverId, int tickTime, LongSupplier clock) {
        this.clock = clock;
        this.tickTime = tickTime;
        this.nextSessionId = initialSessionId(serverId, clock.getAsLong());
    }

    /** Top byte the server id, the next 40 bits the clock, the low 16 bits a counter. */
    static long initialSessionId(long serverId, long nowMillis) {
        long id = (nowMillis << 24) >>> 8;
        return id | (serverId << 56);
    }

    private long deadline(int timeout) {
        long t = clock.getAsLong() + timeout;
        return (t / tickTime + 1) * tickTime;
    }

    /** Hands out a new id; the session exists once {@link #add} runs for its createSession txn. */
    public synchronized long nextId() {
        long id = nextSessionId++;
        if (id == Long.MIN_VALUE) { // Long.MIN_VALUE means "container" as an ephemeral owner.
            id = nextSessionId++;
        }
        return id;
    }

    /** Adds (or re-adds, on replay) a session and starts its expiry clock. */
    public synchronized void add(long id, int timeout) {
        Session s = sessions.computeIfAbsent(id, k -> new Session(k, timeout));
        s.timeout = timeout;
        s.closing = false;
        s.expiresAt = deadline(timeout);
    }

    /**
     * Starts every session's expiry clock afresh: a new leader cannot know when sessions it learnt
     * of as a learner last showed activity elsewhere, so each gets its full timeout, as
     * ZooKeeper's leader gives them.
     */
    public synchronized void renewAll() {
        for (Session s : sessions.values()) {
            s.expiresAt = deadline(s.timeout);
        }
    }

    /** Forgets every session: a database replaced by a leader's snapshot brings its own. */
    public synchronized void clear() {
        sessions.clear();
    }

    public synchronized void remove(long id) {
        sessions.remove(id);
    }

    /** Renews a session; false if it is unknown or closing. */
    public synchronized boolean touch(long id) {
        Session s = sessions.get(id);
        if (s == null || s.closing) {
            return false;
        }
        s.expiresAt = deadline(s.timeout);
        return true;
    }

    /** Renews a session with a newly negotiated timeout (a reconnect); false if unknown or closing. */
    public synchronized boolean touch(long id, int timeout) {
        Session s = sessions.get(id);
        if (s == null || s.closing) {
            return false;
        }
        s.timeout = timeout;
        s.expiresAt = deadline(timeout);
        return true;
    }

    /**
     * Moves a live session to {@code owner} (ZooKeeper's {@code setOwner}): the server its
     * client just reconnected through. False if the session is unknown or closing.
     */
    public synchronized boolean setOwner(long id, Object owner) {
        Session s = sessions.get(id);
        if (s == null || s.closing) {
            return false;
        }
        s.owner = owner;
        return true;
    }

    /**
     * Whether a request that came through {@code owner} may act for the session: the first one
     * to ask becomes the owner; a request through another server than the owner means the client
     * has moved on, and the old server's request is stale (ZooKeeper's SessionMovedException).
     */
    public synchronized boolean isOwnedBy(long id, Object owner) {
        Session s = sessions.get(id);
        if (s == null) {
            return true; // an unknown session fails on its own terms (SESSIONEXPIRED)
        }
        if (s.owner == null) {
            s.owner = owner;
        }
        return s.owner == owner;
    }

    /** Marks a session closing: no more requests are accepted on it. False if unknown. */
    public synchronized boolean setClosing(long id) {
        Session s = sessions.get(id);
        if (s == null) {
            return false;
        }
        s.closing = true;
        return true;
    }

    /**
     * A closeSession that never happened (the log refused it): the session goes on, and expires
     * again one timeout from now if nobody renews it.
     */
    public synchronized void reopen(long id) {
        Session s = sessions.get(id);
        if (s != null) {
            s.closing = false;
            s.expiresAt = deadline(s.timeout);
        }
    }

    public synchronized boolean isActive(long id) {
        Session s = sessions.get(id);
        return s != null && !s.closing;
    }

    public synchronized int timeout(long id) {
        Session s = sessions.get(id);
        return s == null ? 0 : s.timeout;
    }

    /** Sessions whose deadline has passed, now marked closing; the caller closes each with a txn. */
    public synchronized List<Long> expire() {
        long now = clock.getAsLong();
        List<Long> expired = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (!s.closing && s.expiresAt <= now) {
                s.closing = true;
                expired.add(s.id);
            }
        }
        return expired;
    }

    /** Milliseconds until the next bucket boundary, for the thread that calls {@link #expire()}. */
    public long millisToNextBucket() {
        long now = clock.getAsLong();
        return (now / tickTime + 1) * tickTime - now;
    }

    /** Live sessions and their timeouts, for snapshots. */
    public synchronized Map<Long, Integer> snapshot() {
        Map<Long, Integer> copy = new HashMap<>();
        sessions.forEach((id, s) -> copy.put(id, s.timeout));
        return copy;
    }

    public synchronized int size() {
        return sessions.size();
    }

    /** Session ids grouped by expiry deadline, for the dump four-letter word. */
    public synchronized Map<Long, List<Long>> byDeadline() {
        Map<Long, List<Long>> m = new TreeMap<>();
        sessions.values().forEach(s -> m.computeIfAbsent(s.expiresAt, k -> new ArrayList<>()).add(s.id));
        return m;
    }
}
