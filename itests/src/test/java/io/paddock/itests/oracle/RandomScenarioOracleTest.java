package io.paddock.itests.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated scenarios: each seed makes a random sequence of stock-client calls from three handles
 * over a small tree (creates in every mode and with several ACLs, deletes and setData with right,
 * stale and any versions, reads with watches, persistent and recursive watches and their removal,
 * multi and multiRead, setACL, digest auth, getEphemerals, getAllChildrenNumber, and sessions that
 * close and reopen), compared call by call with ZooKeeper 3.9.3. The seeds are the same on every
 * run; {@code -Doracle.seed=N} moves them, {@code -Doracle.scenarios} and {@code -Doracle.calls}
 * make more and longer ones. Against ensembles ({@link Ensemble}), where each call also syncs every
 * handle, {@value #ENSEMBLE_SCENARIOS} seeds are the default.
 */
class RandomScenarioOracleTest extends DifferentialScenarios {
    private static final String[] HANDLES = {"a", "b", "c"};
    static final int ENSEMBLE_SCENARIOS = 100;

    static LongStream seeds(TestInfo test) {
        long first = Long.getLong("oracle.seed", 1);
        int byDefault = test.getTestClass().orElseThrow().isAnnotationPresent(Ensemble.class) ? ENSEMBLE_SCENARIOS
                : 250;
        return LongStream.range(first, first + Integer.getInteger("oracle.scenarios", byDefault));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomCallsGetTheSameRepliesAndEventsAsFromZooKeeper(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> paths = new ArrayList<>(List.of("/r", "/r/a", "/r/b", "/r/a/c", "/r/b/d", "/t"));
        int calls = Integer.getInteger("oracle.calls", 40);
        for (int i = 0; i < calls; i++) {
            String handle = HANDLES[random.nextInt(HANDLES.length)];
            if (random.nextInt(100) < 3) {
                // A new session for the handle: the old one's ephemerals go and fire their watches.
                // ZooKeeper deletes a closed session's ephemerals, all in one closeSession txn, in the
                // order of a HashSet of their paths (DataTree.killSession); Paddock in another. No
                // client may rely on that order, so each handle's events are compared as a set.
                compare("#" + i + " " + handle + " reconnects with a new session", side -> {
                    side.reconnect(handle);
                    return side.handle("a").getChildren("/r", false);
                }, true);
                continue;
            }
            String path = paths.get(random.nextInt(paths.size()));
            RandomCall call = RandomCall.next(random, path, paths);
            String created = compare("#" + i + " " + handle + " " + call.description(),
                    side -> call.call().run(side.handle(handle)));
            if (call.sequential() && created.startsWith("\"")) {
                paths.add(created.substring(1, created.length() - 1));
            }
        }
        assertSameAsZooKeeper("seed " + seed + ", -Doracle.seed=" + seed + " -Doracle.scenarios=1");
    }
}
