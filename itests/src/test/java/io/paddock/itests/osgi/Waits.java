package io.paddock.itests.osgi;

import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for tests inside a container, where Awaitility is not provisioned. */
public final class Waits {
    private Waits() {
    }

    public static void awaitTrue(String what, Duration atMost, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + atMost + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
