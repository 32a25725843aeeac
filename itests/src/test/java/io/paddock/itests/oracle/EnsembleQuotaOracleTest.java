package io.paddock.itests.oracle;

/**
 * {@link QuotaOracleTest}'s scenario against a 3-server ZooKeeper ensemble and a 3-server Paddock
 * ensemble, handle a on server 1, b on server 2 and c on server 3 of each; its restart stops every
 * server of both ensembles and starts them again, on the same ports and data, to elect anew.
 */
@Ensemble
class EnsembleQuotaOracleTest extends QuotaOracleTest {
}
