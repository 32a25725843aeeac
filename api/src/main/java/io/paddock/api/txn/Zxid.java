package io.paddock.api.txn;

/** A zxid is epoch (high 32 bits) : counter (low 32 bits), protocol.md section 17. */
public final class Zxid {
    private Zxid() {
    }

    public static long of(long epoch, long counter) {
        return (epoch << 32) | (counter & 0xffffffffL);
    }

    public static long epoch(long zxid) {
        return zxid >>> 32;
    }

    public static long counter(long zxid) {
        return zxid & 0xffffffffL;
    }

    public static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
