package io.paddock.quorum.zab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZabWithFastLeaderElectionSimulationTest {
    private static final int SEEDS = 300;
    private static final int CHAOS_STEPS = 3000;
    private static final int HEALING_STEPS = 8000;

    @ParameterizedTest(name = "{0} voters, {1} observers")
    @CsvSource({"3, 0", "5, 0", "3, 1"})
    void fastLeaderElectionWithZabKeepsCommittedTxnsThroughCrashesAndPartitionsAndSettlesOnceHealed(int voters,
            int observers) {
        int leadersEstablished = 0;
        int stuckLeaders = 0;
        int elections = 0;
        int slowestHealing = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            ZabWithFastLeaderElectionSimulation sim = new ZabWithFastLeaderElectionSimulation(seed, voters, observers);
            for (int i = 0; i < CHAOS_STEPS; i++) {
                sim.step(true, true);
            }
            sim.heal();
            int steps = 0;
            while (!sim.settled() && steps++ < HEALING_STEPS) {
                sim.step(false, false);
                if (steps % 2000 == 0 && sim.restartLeaderBehindAnAcceptedEpoch()) {
                    stuckLeaders++;
                }
            }
            sim.check(sim.settled(), "no settled ensemble " + HEALING_STEPS + " steps after healing");
            sim.check(sim.electionsAgreeOnTheLeader(), "settled on a leader some election did not decide for");
            slowestHealing = Math.max(slowestHealing, steps);
            int committedBefore = sim.committed.size();
            for (int i = 0; i < HEALING_STEPS && sim.committed.size() < committedBefore + 3; i++) {
                sim.step(false, true);
            }
            steps = 0;
            while (!sim.settled() && steps++ < HEALING_STEPS) {
                sim.step(false, false);
            }
            sim.check(sim.settled() && sim.committed.size() >= committedBefore + 3,
                    "new writes not committed everywhere after healing");
            sim.check(sim.electionsAgreeOnTheLeader(), "settled on a leader some election did not decide for");
            leadersEstablished += sim.leaderOfEpoch.size();
            elections += sim.elections;
        }
        System.out.printf("FLE+ZAB %d voters %d observers: %d epochs established, %d elections, %d stuck leaders,"
                + " slowest healing %d steps%n", voters, observers, leadersEstablished, elections, stuckLeaders,
                slowestHealing);
        // Leadership must really have moved through elections, or the checks above prove little.
        assertThat(leadersEstablished).isGreaterThan(SEEDS * 4);
        assertThat(stuckLeaders).as("leaders restarted for a learner's newer accepted epoch").isLessThan(SEEDS / 10);
    }
}
