package io.paddock.server.tree;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One node's share of the tree digest, as ZooKeeper 3.6+ computes it (protocol.md section
 * 16.6): CRC-32 over the path ("/" hashed as ""), the data if not null, then czxid, mzxid,
 * pzxid, ctime, mtime, version, cversion, aversion and ephemeralOwner, big-endian, with the
 * stored cversion and ephemeralOwner. Nodes below {@code /zookeeper/} count as 0: ZooKeeper
 * leaves them out because quota stats there are updated outside txns.
 */
final class NodeDigest {
    /** The digest version ZooKeeper writes next to every digest; a change in the fields bumps it. */
    static final int VERSION = 2;
    private static final String EXCLUDED_PREFIX = DataTree.ZOOKEEPER + "/";
    private static final int STAT_BYTES = 5 * Long.BYTES + 3 * Integer.BYTES + Long.BYTES;

    private NodeDigest() {
    }

    static boolean excluded(String path) {
        return path.startsWith(EXCLUDED_PREFIX);
    }

    /**
     * The node's digest; the caller holds the node's monitor or is the one thread that changes
     * it. ZooKeeper hashes the path in the JVM's default charset; we fix UTF-8, which is what
     * that is on every platform ZooKeeper supports in practice.
     */
    static long of(String path, DataNode node) {
        if (excluded(path)) {
            return 0;
        }
        ByteBuffer stat = ByteBuffer.allocate(STAT_BYTES)
                .putLong(node.czxid).putLong(node.mzxid).putLong(node.pzxid)
                .putLong(node.ctime).putLong(node.mtime)
                .putInt(node.version).putInt(node.cversion).putInt(node.aversion)
                .putLong(node.ephemeralOwner);
        CRC32 crc = new CRC32();
        if (!path.equals("/")) {
            crc.update(path.getBytes(StandardCharsets.UTF_8));
        }
        if (node.data != null) {
            crc.update(node.data);
        }
        crc.update(stat.array());
        return crc.getValue();
    }
}
