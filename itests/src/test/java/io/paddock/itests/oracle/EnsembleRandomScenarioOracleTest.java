package io.paddock.itests.oracle;

/**
 * {@link RandomScenarioOracleTest}'s generated scenarios, fewer of them by default, against a
 * 3-server ZooKeeper ensemble and a 3-server Paddock ensemble, handle a on server 1, b on server 2
 * and c on server 3 of each.
 */
@Ensemble
class EnsembleRandomScenarioOracleTest extends RandomScenarioOracleTest {
}
