package io.paddock.quorum.zab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZabSimulationTest {
    private static final int SEEDS = 300;
    private static final int CHAOS_STEPS = 3000;
    private static final int HEALING_STEPS = 40000;

    @ParameterizedTest(name = "{0} voters, {1} observers")
    @CsvSource({"3, 0", "5, 0", "3, 1"})
    void committedTxnsSurviveCrashesPartitionsAndAnyElectionAndTheEnsembleConvergesOnceHealed(int voters,
            int observers) {
        int leadersEstablished = 0;
        int stuckLeaders = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            ZabSimulation sim = new ZabSimulation(seed, voters, observers);
            for (int i = 0; i < CHAOS_STEPS; i++) {
                sim.step(true, true);
            }
            sim.heal();
            int steps = 0;
            while (!sim.settled() && steps++ < HEALING_STEPS) {
                sim.step(false, false);
                if (steps % 5000 == 0 && sim.restartLeaderBehindAnAcceptedEpoch()) {
                    stuckLeaders++;
                }
            }
            sim.check(sim.settled(), "no settled ensemble " + HEALING_STEPS + " steps after healing");
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
            leadersEstablished += sim.leaderOfEpoch.size();
        }
        // The chaos must really have moved leadership around, or the checks above prove little.
        assertThat(leadersEstablished).isGreaterThan(SEEDS * 2);
        assertThat(stuckLeaders).as("leaders restarted for a learner's newer accepted epoch").isLessThan(SEEDS / 10);
    }
}
