package io.paddock.example.ratelimit;

/** Tokens refill at a rate up to a capacity; each request takes one. */
final class TokenBucket {
    private double tokens;
    private long last;

    TokenBucket(int capacity, long now) {
        this.tokens = capacity;
        this.last = now;
    }

    synchronized boolean take(long now, double perSecond, int capacity) {
        tokens = Math.min(capacity, tokens + (now - last) * perSecond / 1e9);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    synchronized long idleSince(long now) {
        return now - last;
    }
}
