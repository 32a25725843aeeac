package io.paddock.example.ratelimit;

import io.paddock.api.processor.ClientRequest;
import io.paddock.api.processor.RequestExtension;
import io.paddock.api.proto.Code;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A per-session rate limit: each session gets a token bucket ({@code opsPerSecond}, up to
 * {@code burst} at once), and a request that finds it empty is answered with ZooKeeper's
 * {@code THROTTLEDOP} (-127), which the stock client raises as {@code ThrottledOpException}:
 * the operation was not executed at all and may be retried.
 *
 * <p>It decides on receipt, on the connection's thread, so a throttled request costs the server
 * nothing more. Its ranking is high: it runs before other extensions.
 */
@Component(service = RequestExtension.class, configurationPid = RateLimiter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=100")
@Designate(ocd = RateLimiter.Config.class)
public final class RateLimiter implements RequestExtension {
    static final String PID = "io.paddock.example.ratelimit";
    /** A session idle this long loses its bucket (it starts full again). */
    private static final long IDLE_NANOS = 60_000_000_000L;

    @ObjectClassDefinition(name = "Paddock per-session rate limiter")
    @interface Config {
        @AttributeDefinition(description = "Requests per second each session may send")
        double opsPerSecond() default 1000;

        @AttributeDefinition(description = "Requests a session may send at once after a quiet spell")
        int burst() default 2000;

        @AttributeDefinition(description = "Limit only writes (reads always pass)")
        boolean writesOnly() default false;
    }

    private final LongSupplier nanoClock;
    private final Map<Long, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile double opsPerSecond;
    private volatile int burst;
    private volatile boolean writesOnly;
    private volatile long lastSweep;

    public RateLimiter() {
        this(System::nanoTime);
    }

    RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Activate
    @Modified
    void configure(Config config) {
        if (config.opsPerSecond() <= 0 || config.burst() < 1) {
            throw new IllegalArgumentException("opsPerSecond must be positive and burst at least 1");
        }
        opsPerSecond = config.opsPerSecond();
        burst = config.burst();
        writesOnly = config.writesOnly();
        buckets.clear();
    }

    @Override
    public int received(ClientRequest r) {
        if (writesOnly && !Writes.is(r.opCode())) {
            return PASS;
        }
        long now = nanoClock.getAsLong();
        sweep(now);
        TokenBucket bucket = buckets.computeIfAbsent(r.sessionId(), id -> new TokenBucket(burst, now));
        return bucket.take(now, opsPerSecond, burst) ? PASS : Code.THROTTLEDOP;
    }

    /** Forgets the buckets of sessions idle for a minute, at most once a minute. */
    private void sweep(long now) {
        if (now - lastSweep < IDLE_NANOS) {
            return;
        }
        lastSweep = now;
        buckets.values().removeIf(b -> b.idleSince(now) > IDLE_NANOS);
    }
}
