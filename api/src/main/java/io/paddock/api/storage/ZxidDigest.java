package io.paddock.api.storage;

/**
 * The tree digest after the txn with this zxid, and the version of the digest method
 * (protocol.md section 16.6). A snapshot carries one (ZooKeeper's ZxidDigest section, 16.5):
 * that of the last txn applied when its nodes were done, which replaying the log over the
 * snapshot must reach again at that zxid.
 *
 * @param version the digest version (2 for every ZooKeeper release that writes one)
 */
public record ZxidDigest(long zxid, int version, long digest) {
}
