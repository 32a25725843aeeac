package io.paddock.server.tree;

/**
 * The tree digest after the txn with this zxid, and the version of the digest method
 * (protocol.md section 16.6). This is what a txn-log entry's TxnDigest and a snapshot's
 * ZxidDigest section carry.
 */
public record ZxidDigest(long zxid, int version, long digest) {
}
