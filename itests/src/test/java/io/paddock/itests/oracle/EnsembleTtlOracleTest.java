package io.paddock.itests.oracle;

/**
 * {@link TtlOracleTest}'s scenarios against a 3-server ZooKeeper ensemble and a 3-server Paddock
 * ensemble, with extended types on both; the raw createTTL requests go to server 1 of each.
 */
@Ensemble
class EnsembleTtlOracleTest extends TtlOracleTest {
}
