package io.paddock.itests.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.itests.ensemble.Ensemble.Member;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many rounds of random SIGKILLs in a 3-server ensemble under the {@link Workload} of stock and
 * Curator clients: the leader, a follower, both followers (no quorum until they are back), all
 * three at once, the leader and then the leader elected after it, and a server killed again while
 * it rejoins (between its election and the end of its sync). After every round all three serve
 * again, every server holds the same data and every write acknowledged in this round, no client
 * read back in time, and every few rounds the writes of all earlier rounds are checked again.
 *
 * <p>Not part of the default build (the name matches no surefire include): run with
 * {@code mvn -B -o -Pensemble-soak -pl itests -am verify -Dtest=EnsembleSoak -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Dsoak.rounds=N} (default 30),
 * {@code -Dsoak.seed=S} replays the choice of faults. Elsewhere (a {@code -Dtest=Ensemble*}) it is
 * skipped: the profile sets {@code ensemble.soak}.
 */
@EnabledIfSystemProperty(named = "ensemble.soak", matches = "true")
class EnsembleSoak {
    private static final Duration ACKS_WAIT = Duration.ofSeconds(120);
    private static final int RECHECK_EVERY = 5;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its data dirs for the diagnosis
    Path dir;

    enum Fault {
        LEADER, FOLLOWER, BOTH_FOLLOWERS, ALL_THREE, LEADER_THEN_NEXT_LEADER, RESTART_DURING_SYNC
    }

    @Test
    void everyAcknowledgedWriteSurvivesRandomKillsOfLeadersFollowersAndTheWholeEnsemble() throws Exception {
        int rounds = Integer.getInteger("soak.rounds", 30);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("ensemble soak: %d rounds, -Dsoak.seed=%d%n", rounds, seed);
        List<ElectionTimer.Measure> elections = new ArrayList<>();
        List<Workload> done = new ArrayList<>();
        try (Ensemble ensemble = Ensemble.started(dir, "EnsembleSoak", 3, 0)) {
            for (int round = 1; round <= rounds; round++) {
                Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                Workload load = new Workload(ensemble.connectString(), "/soak-" + round, 3, 2);
                try {
                    load.start();
                    load.awaitMoreAcks(100, ACKS_WAIT, ensemble);
                    inject(fault, ensemble, load, random, elections);
                    ensemble.startAll();
                    ensemble.awaitQuorum();
                    load.awaitMoreAcks(100, ACKS_WAIT, ensemble);
                } finally {
                    load.close();
                }
                System.out.printf("round %d, %s: %s%n", round, fault, load);
                assertThat(load.violations()).as("round %d (%s, seed %d): what the clients saw go wrong", round,
                        fault, seed).isEmpty();
                load.assertEveryRunningServerHoldsTheSameDataAndEveryAcknowledgedWrite(ensemble);
                done.add(load);
                if (round % RECHECK_EVERY == 0 || round == rounds) {
                    for (Workload earlier : done) {
                        earlier.assertEveryRunningServerHoldsTheSameDataAndEveryAcknowledgedWrite(ensemble);
                    }
                }
            }
        }
        if (!elections.isEmpty()) {
            System.out.println(ElectionTimer.summary("leader SIGKILL under load, 3 voters (soak)", elections));
        }
    }

    private static void inject(Fault fault, Ensemble ensemble, Workload load, Random random,
                               List<ElectionTimer.Measure> elections) {
        Member leader = ensemble.awaitQuorum();
        List<Member> followers = ensemble.voters().stream().filter(m -> m != leader).toList();
        switch (fault) {
            case LEADER -> {
                elections.add(ElectionTimer.killLeaderAndMeasure(ensemble, leader, load.root() + "-election"));
                ensemble.awaitQuorum();
                load.awaitMoreAcks(50, ACKS_WAIT, ensemble);
            }
            case FOLLOWER -> {
                ensemble.kill(followers.get(random.nextInt(2)));
                ensemble.awaitQuorum();
                load.awaitMoreAcks(50, ACKS_WAIT, ensemble);
            }
            case BOTH_FOLLOWERS -> {
                followers.forEach(ensemble::kill);
                awaitNotServing(ensemble, leader);
            }
            case ALL_THREE -> {
                List<Member> all = new ArrayList<>(ensemble.members());
                Collections.shuffle(all, random);
                all.forEach(ensemble::kill);
            }
            case LEADER_THEN_NEXT_LEADER -> {
                ensemble.kill(leader);
                Member next = ensemble.awaitQuorum();
                load.awaitMoreAcks(20, ACKS_WAIT, ensemble);
                ensemble.kill(next);
            }
            case RESTART_DURING_SYNC -> {
                Member victim = random.nextBoolean() ? leader : followers.get(random.nextInt(2));
                ensemble.kill(victim);
                ensemble.awaitQuorum();
                load.awaitMoreAcks(50, ACKS_WAIT, ensemble);
                int connects = victim.process().logLines("connected to leader").size();
                ensemble.start(victim);
                // Killed again soon after it reaches its leader, while the leader syncs it.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> victim.process().logLines("connected to leader").size() > connects);
                long delayMillis = random.nextInt(300);
                if (delayMillis > 0) {
                    await().pollDelay(Duration.ofMillis(delayMillis)).until(() -> true);
                }
                ensemble.kill(victim);
            }
        }
    }

    /** A leader whose followers died stops serving within syncLimit; bounded. */
    private static void awaitNotServing(Ensemble ensemble, Member leader) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> leader.mode().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(leader + " still serves 30 s after both followers died; modes "
                    + ensemble.modes() + "\n" + ensemble.logTails(), e);
        }
    }
}
