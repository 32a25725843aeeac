package io.paddock.quorum.zab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZabSimulationTest {
    private static final int SEEDS = 300;
    private static final int CHAOS_STEPS = 3000;

    @ParameterizedTest(name = "{0} voters, {1} observers")
    @CsvSource({"3, 0", "5, 0", "3, 1"})
    void committedTxnsSurviveCrashesPartitionsAndAnyElectionAndTheEnsembleConvergesOnceHealed(int voters,
            int observers) {
        int leadersEstablished = 0;
        int stuckLeaders = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            ZabSimulation sim = new ZabSimulation(seed, voters, observers);
            sim.runChaosThenHealing(CHAOS_STEPS, 40000, 5000);
            leadersEstablished += sim.leaderOfEpoch.size();
            stuckLeaders += sim.stuckLeaders;
        }
        // The chaos must really have moved leadership around, or the checks above prove little.
        assertThat(leadersEstablished).isGreaterThan(SEEDS * 2);
        assertThat(stuckLeaders).as("leaders restarted for a learner's newer accepted epoch").isLessThan(SEEDS / 10);
    }

    @ParameterizedTest(name = "{0} voters, {1} observers")
    @CsvSource({"3, 0", "5, 0", "3, 1"})
    void withFastLeaderElectionCommittedTxnsSurviveAndTheEnsembleSettlesOnTheElectedLeader(int voters,
            int observers) {
        int leadersEstablished = 0;
        int stuckLeaders = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            ZabWithFastLeaderElectionSimulation sim = new ZabWithFastLeaderElectionSimulation(seed, voters, observers);
            sim.runChaosThenHealing(CHAOS_STEPS, 8000, 2000);
            leadersEstablished += sim.leaderOfEpoch.size();
            stuckLeaders += sim.stuckLeaders;
        }
        // Leadership must really have moved through elections, or the checks above prove little.
        assertThat(leadersEstablished).isGreaterThan(SEEDS * 4);
        assertThat(stuckLeaders).as("leaders restarted for a learner's newer accepted epoch").isLessThan(SEEDS / 10);
    }
}
