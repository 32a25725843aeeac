package io.paddock.example.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.processor.RequestExtension;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.OpCode;
import io.paddock.api.testkit.FakeRequest;
import java.lang.annotation.Annotation;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(nanos::get);

    private static RateLimiter.Config config(double opsPerSecond, int burst, boolean writesOnly) {
        return new RateLimiter.Config() {
            @Override
            public double opsPerSecond() {
                return opsPerSecond;
            }

            @Override
            public int burst() {
                return burst;
            }

            @Override
            public boolean writesOnly() {
                return writesOnly;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return RateLimiter.Config.class;
            }
        };
    }

    private int send(long session, int opCode) {
        return limiter.received(FakeRequest.of(session, opCode, "/x", 0));
    }

    @Test
    void aSessionGetsItsBurstThenItsRateAndIsThrottledBeyond() {
        limiter.configure(config(10, 3, false));
        assertThat(send(1, OpCode.CREATE)).isEqualTo(RequestExtension.PASS);
        assertThat(send(1, OpCode.CREATE)).isEqualTo(RequestExtension.PASS);
        assertThat(send(1, OpCode.GET_DATA)).isEqualTo(RequestExtension.PASS);
        assertThat(send(1, OpCode.CREATE)).isEqualTo(Code.THROTTLEDOP);
        assertThat(send(2, OpCode.CREATE)).as("another session has its own bucket").isEqualTo(RequestExtension.PASS);
        nanos.addAndGet(100_000_000L); // 0.1 s at 10/s: one more
        assertThat(send(1, OpCode.CREATE)).isEqualTo(RequestExtension.PASS);
        assertThat(send(1, OpCode.CREATE)).isEqualTo(Code.THROTTLEDOP);
    }

    @Test
    void writesOnlyLetsReadsThrough() {
        limiter.configure(config(1, 1, true));
        assertThat(send(1, OpCode.SET_DATA)).isEqualTo(RequestExtension.PASS);
        assertThat(send(1, OpCode.SET_DATA)).isEqualTo(Code.THROTTLEDOP);
        assertThat(send(1, OpCode.GET_DATA)).isEqualTo(RequestExtension.PASS);
        assertThat(send(1, OpCode.GET_CHILDREN2)).isEqualTo(RequestExtension.PASS);
    }

    @Test
    void aNonsenseConfigurationIsRefused() {
        assertThatThrownBy(() -> limiter.configure(config(0, 1, false))).isInstanceOf(IllegalArgumentException.class);
    }
}
