package io.paddock.transport.testkit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import io.paddock.api.transport.Transport;

/**
 * What every transport contract needs of the transport under test. JUnit makes a new test
 * instance per test, so a subclass holding its transport in a field gives each test a fresh one.
 */
public abstract class TransportContract {
    protected static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress("127.0.0.1", 0);
    /** Bound on every wait for something that should happen. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    /** The transport under test; the same instance for the whole test. */
    protected abstract Transport transport();

    /**
     * Stops the transport as its component's deactivation would: closes every listener and
     * connection (handlers get onClose) and joins its threads. Called after each test, and by
     * tests; a second call does nothing.
     */
    protected abstract void closeTransport();

    /** The start of the name of every thread the transport starts, and only those. */
    protected abstract String threadNamePrefix();

    @AfterEach
    void stopTransportAfterTest() {
        closeTransport();
    }

    /** Names of the live threads this transport started. */
    protected List<String> transportThreads() {
        String prefix = threadNamePrefix();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .toList();
    }
}
