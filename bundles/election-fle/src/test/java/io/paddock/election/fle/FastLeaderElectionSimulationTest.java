package io.paddock.election.fle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many seeded runs of {@link Simulation} per ensemble shape. A failure names the seed and shows
 * the end of that run's trace; {@code new Simulation(voters, observers, seed)} replays it.
 */
class FastLeaderElectionSimulationTest {
    private static final int SEEDS = 500;
    /** Longer than the longest notification interval the faults can build up, and then some. */
    private static final long HEALTHY_MILLIS = 120_000;

    enum Ensemble {
        THREE_VOTERS(3, 0),
        FIVE_VOTERS(5, 0),
        THREE_VOTERS_AND_AN_OBSERVER(3, 1);

        final int voters;
        final int observers;

        Ensemble(int voters, int observers) {
            this.voters = voters;
            this.observers = observers;
        }
    }

    private static void forEachSeed(Ensemble ensemble, Consumer<Simulation> run) {
        for (long seed = 0; seed < SEEDS; seed++) {
            Simulation simulation = new Simulation(ensemble.voters, ensemble.observers, seed);
            try {
                run.accept(simulation);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " of " + ensemble + " failed: " + e.getMessage()
                        + "\nlast events:\n" + simulation.trace(), e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ensemble.class)
    void quorumsDecidingInTheSameRoundAgreeOnTheLeader(Ensemble ensemble) {
        forEachSeed(ensemble, simulation -> {
            simulation.runFaultsThenHeal(HEALTHY_MILLIS);

            assertThat(simulation.disagreements()).isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(Ensemble.class)
    void onceTheNetworkHealsEveryLivePeerSettlesOnTheBestVoteOfAQuorum(Ensemble ensemble) {
        forEachSeed(ensemble, simulation -> {
            simulation.runFaultsThenHeal(HEALTHY_MILLIS);

            assertSettled(simulation);
        });
    }

    @ParameterizedTest
    @EnumSource(Ensemble.class)
    void aPeerRestartingAmongSettledPeersLearnsTheirLeaderFromTheirReplies(Ensemble ensemble) {
        int[] restarted = {0};
        forEachSeed(ensemble, simulation -> {
            simulation.runFaultsThenHeal(HEALTHY_MILLIS);
            long leader = assertSettled(simulation);
            Map<Integer, Vote> before = simulation.liveDecisions();
            // The others must stay a quorum without it, or the leader rightly gives up.
            List<Integer> candidates = before.keySet().stream()
                    .filter(sid -> sid != leader)
                    .filter(sid -> simulation.isQuorum(before.keySet().stream()
                            .filter(other -> !other.equals(sid)).map(Long::valueOf).collect(Collectors.toSet())))
                    .toList();
            if (candidates.isEmpty()) {
                return;
            }
            int sid = candidates.get((int) (simulation.seed() % candidates.size()));

            simulation.restart(sid, 10_000);

            restarted[0]++;
            Map<Integer, Vote> after = simulation.liveDecisions();
            assertThat(after.get(sid)).as("decision of restarted peer %d", sid).isNotNull()
                    .extracting(Vote::leader).isEqualTo(leader);
            Map<Integer, Vote> othersBefore = new TreeMap<>(before);
            othersBefore.remove(sid);
            Map<Integer, Vote> othersAfter = new TreeMap<>(after);
            othersAfter.remove(sid);
            assertThat(othersAfter).as("the settled peers' decisions").isEqualTo(othersBefore);
        });
        assertThat(restarted[0]).as("runs with a peer to restart").isGreaterThan(SEEDS / 2);
    }

    /** Asserts that every live peer has decided on one leader that leads and is a quorum's best; returns it. */
    private static long assertSettled(Simulation simulation) {
        Map<Integer, Vote> decisions = simulation.liveDecisions();
        assertThat(decisions.values()).as("decisions of live peers %s", decisions).doesNotContainNull();
        Set<Long> leaders = decisions.values().stream().map(Vote::leader).collect(Collectors.toSet());
        assertThat(leaders).as("leaders of %s", decisions).hasSize(1);
        long leader = leaders.iterator().next();
        decisions.forEach((sid, vote) -> {
            PeerState expected = sid == leader ? PeerState.LEADING
                    : simulation.voters().contains((long) sid) ? PeerState.FOLLOWING : PeerState.OBSERVING;
            assertThat(vote.state()).as("state of %d in %s", sid, decisions).isEqualTo(expected);
        });
        Vote best = simulation.proposalOf(leader);
        Set<Long> notBetter = simulation.voters().stream()
                .filter(sid -> !VoteOrder.majority().beats(simulation.proposalOf(sid), best))
                .collect(Collectors.toSet());
        assertThat(simulation.isQuorum(notBetter))
                .as("leader %d beats or equals a quorum's proposals, only %s", leader, notBetter).isTrue();
        return leader;
    }
}
