package io.paddock.storage.rocksdb;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Keys of the {@code log} and {@code snapshots} column families: a zxid, 8 bytes big-endian,
 * then a 4-byte big-endian number. RocksDB's default comparator orders bytes unsigned, so keys
 * sort by zxid, then by that number, as long as zxids are not negative (they never are).
 *
 * <p>In {@code log} the number is 0 for an entry, 1, 2, … for error txns that repeat the zxid of
 * the entry before them (protocol.md section 7.1). In {@code snapshots} it is the chunk number,
 * and {@link #SEAL} marks the record that makes a snapshot visible.
 */
final class Keys {
    static final int LENGTH = 12;

    /** The number of a snapshot's seal record: after every chunk number. */
    static final int SEAL = -1;

    /** Sorts after every key: 13 bytes of 0xff, longer than any 12-byte key with the same prefix. */
    static final byte[] END = filled(LENGTH + 1);

    private Keys() {
    }

    static byte[] of(long zxid, int number) {
        return ByteBuffer.allocate(LENGTH).putLong(zxid).putInt(number).array();
    }

    static long zxid(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    static int number(byte[] key) {
        return ByteBuffer.wrap(key).getInt(8);
    }

    private static byte[] filled(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 0xff);
        return b;
    }
}
