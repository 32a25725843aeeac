package io.paddock.itests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Scenarios of stock-client calls made against Apache ZooKeeper 3.9.3 and Paddock, with every
 * reply compared: result or error code, paths, data, children as sets, each Stat field but ctime
 * and mtime, and the watch events each handle receives, in order. One pair of servers serves all
 * scenarios of a class ({@link ServerPair}): standalone servers, or with {@link Ensemble}
 * ensembles, where handle a talks to server 1, b to server 2 and c to server 3 of each. Each
 * scenario starts with new sessions on handles a, b and c, connected in the same order on both
 * (each createSession takes a zxid), so zxids agree exactly.
 */
abstract class DifferentialScenarios {
    protected static final byte[] NO_DATA = null;
    private static final String EXTENDED_TYPES = "zookeeper.extendedTypesEnabled";

    private static ServerPair servers;
    private final List<String> differences = new ArrayList<>();

    @BeforeAll
    static void startBothServers(TestInfo test) throws Exception {
        Class<?> testClass = test.getTestClass().orElseThrow();
        boolean extendedTypes = testClass.isAnnotationPresent(ExtendedTypes.class);
        if (extendedTypes) {
            System.setProperty(EXTENDED_TYPES, "true");
        }
        Ensemble ensemble = testClass.getAnnotation(Ensemble.class);
        servers = ServerPair.start(ensemble == null ? 1 : ensemble.servers(),
                settings -> settings.extendedTypesEnabled(extendedTypes));
    }

    @AfterAll
    static void stopBothServers() throws Exception {
        System.clearProperty(EXTENDED_TYPES);
        if (servers != null) {
            servers.close();
            servers = null;
        }
    }

    @BeforeEach
    void connectHandles() throws Exception {
        connect("a", "b", "c");
    }

    @AfterEach
    void deleteWhatTheScenarioMade() throws Exception {
        servers.reset();
    }

    /** Connects more handles, on ZooKeeper first, then on Paddock. */
    protected void connect(String... names) throws Exception {
        servers.zookeeper().connect(names);
        servers.paddock().connect(names);
    }

    /** Closes the handles, restarts both servers on their data, and connects a, b and c anew. */
    protected void restartBothServers() throws Exception {
        servers.restart();
        connectHandles();
    }

    /** Makes the call on both sides, then compares replies and the events every handle got, in order. */
    protected String compare(String step, ClientSide.Call call) throws Exception {
        return compare(step, call, false);
    }

    /**
     * As {@link #compare(String, ClientSide.Call)}; with {@code eventsInAnyOrder} each handle's
     * events are compared as a sorted list, where ZooKeeper's order comes from a hash set.
     */
    protected String compare(String step, ClientSide.Call call, boolean eventsInAnyOrder) throws Exception {
        ClientSide zookeeper = servers.zookeeper();
        ClientSide paddock = servers.paddock();
        String expected = zookeeper.outcome(call);
        zookeeper.barrier();
        String expectedEvents = zookeeper.drainEvents(eventsInAnyOrder);
        String actual = paddock.outcome(call);
        paddock.barrier();
        String actualEvents = paddock.drainEvents(eventsInAnyOrder);
        if (Boolean.getBoolean("oracle.trace")) {
            System.out.printf("%s%n    ZooKeeper: %s %s%n    Paddock:   %s %s%n", step, expected, expectedEvents,
                    actual, actualEvents);
        }
        if (!expected.equals(actual)) {
            differences.add(step + ": reply\n    ZooKeeper: " + expected + "\n    Paddock:   " + actual);
        }
        if (!expectedEvents.equals(actualEvents)) {
            differences.add(step + ": events\n    ZooKeeper: " + expectedEvents + "\n    Paddock:   " + actualEvents);
        }
        return expected;
    }

    protected void assertSameAsZooKeeper() {
        assertThat(differences).as("replies and events that differ from ZooKeeper's").isEmpty();
    }

    protected void assertSameAsZooKeeper(String context) {
        assertThat(differences).as("replies and events that differ from ZooKeeper's (%s)", context).isEmpty();
    }

    protected static Object[] getData(ZooKeeper zk, String path, boolean watch) throws Exception {
        Stat stat = new Stat();
        byte[] data = zk.getData(path, watch, stat);
        return new Object[] {data, stat};
    }

    protected static ZooKeeper a(ClientSide side) throws InterruptedException {
        return side.handle("a");
    }

    protected static ZooKeeper b(ClientSide side) throws InterruptedException {
        return side.handle("b");
    }

    protected static ZooKeeper c(ClientSide side) throws InterruptedException {
        return side.handle("c");
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
