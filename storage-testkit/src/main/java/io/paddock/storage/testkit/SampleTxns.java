package io.paddock.storage.testkit;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.txn.CheckVersionTxn;
import io.paddock.api.txn.CloseSessionTxn;
import io.paddock.api.txn.CreateContainerTxn;
import io.paddock.api.txn.CreateSessionTxn;
import io.paddock.api.txn.CreateTtlTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.MultiTxn;
import io.paddock.api.txn.SetAclTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.Txn;
import io.paddock.api.txn.TxnDigest;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import io.paddock.api.storage.TxnLog;
import io.paddock.api.storage.TxnReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Txn entries as a database logs them; each is a pure function of its arguments, so a reader can rebuild what was written. */
public final class SampleTxns {
    public static final long SESSION = 0x1000_0000_0001L;
    public static final List<Acl> DIGEST_ACL = List.of(new Acl(Perms.READ | Perms.WRITE, new Id("digest", "alice:HASH=")),
            new Acl(Perms.READ, Perms.ANYONE));

    private static final long EPOCH_MS = 1_700_000_000_000L;

    private SampleTxns() {
    }

    public static TxnEntry entry(long zxid, int type, Txn txn, boolean withDigest) {
        return new TxnEntry(new TxnHeader(SESSION, (int) zxid, zxid, EPOCH_MS + zxid, type), txn,
                withDigest ? new TxnDigest(2, zxid * 1_000_003L) : null);
    }

    /** A create of {@code /n<zxid>} with a digest. */
    public static TxnEntry create(long zxid) {
        return create(zxid, "/n" + zxid);
    }

    public static TxnEntry create(long zxid, String path) {
        return entry(zxid, OpCode.CREATE, new CreateTxn(path, utf8("data-" + zxid), Perms.OPEN_ACL_UNSAFE, false, (int) zxid), true);
    }

    /** A failed write: an error txn, which carries no digest. */
    public static TxnEntry error(long zxid) {
        return entry(zxid, OpCode.ERROR, new ErrorTxn(-5), false);
    }

    /** Creates with the zxids {@code from} to {@code to}, both included. */
    public static List<TxnEntry> creates(long from, long to) {
        List<TxnEntry> entries = new ArrayList<>();
        for (long z = from; z <= to; z++) {
            entries.add(create(z));
        }
        return entries;
    }

    /** A setData of {@code size} bytes, each derived from the zxid so that a mixed-up entry shows. */
    public static TxnEntry setData(long zxid, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (zxid * 31 + i);
        }
        return entry(zxid, OpCode.SET_DATA, new SetDataTxn("/big", data, (int) zxid), true);
    }

    /**
     * One entry of every txn type a database logs, with zxids {@code from} on: the create family,
     * delete, setData, setACL, multis (one failed), sessions and errors.
     */
    public static List<TxnEntry> everyType(long from, boolean withDigest) {
        List<Txn> txns = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        add(txns, types, OpCode.CREATE, new CreateTxn("/a", utf8("a"), Perms.OPEN_ACL_UNSAFE, false, 1));
        add(txns, types, OpCode.CREATE2, new CreateTxn("/a/null", null, DIGEST_ACL, false, 2));
        add(txns, types, OpCode.CREATE, new CreateTxn("/a/eph", new byte[0], Perms.READ_ACL_UNSAFE, true, 3));
        add(txns, types, OpCode.CREATE_CONTAINER, new CreateContainerTxn("/c", utf8("container"), Perms.OPEN_ACL_UNSAFE, 4));
        add(txns, types, OpCode.CREATE_TTL, new CreateTtlTxn("/t", utf8("ttl"), Perms.OPEN_ACL_UNSAFE, 5, 60_000L));
        add(txns, types, OpCode.SET_DATA, new SetDataTxn("/a", utf8("ü-€"), 1));
        add(txns, types, OpCode.SET_DATA, new SetDataTxn("/a", null, 2));
        add(txns, types, OpCode.SET_ACL, new SetAclTxn("/a", DIGEST_ACL, 1));
        add(txns, types, OpCode.DELETE, new DeleteTxn("/a/eph"));
        add(txns, types, OpCode.DELETE_CONTAINER, new DeleteTxn("/c"));
        add(txns, types, OpCode.MULTI, new MultiTxn(List.of(
                new MultiTxn.Entry(OpCode.CHECK, new CheckVersionTxn("/a", 3)),
                new MultiTxn.Entry(OpCode.CREATE, new CreateTxn("/a/m", utf8("m"), Perms.OPEN_ACL_UNSAFE, false, 6)),
                new MultiTxn.Entry(OpCode.SET_DATA, new SetDataTxn("/a/m", utf8("m2"), 1)),
                new MultiTxn.Entry(OpCode.DELETE, new DeleteTxn("/t")))));
        // A failed multi is logged with error entries at and after the failing op (section 16.4).
        add(txns, types, OpCode.MULTI, new MultiTxn(List.of(
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(0)),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(-101)),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(-2)))));
        add(txns, types, OpCode.MULTI, new MultiTxn(List.of()));
        add(txns, types, OpCode.CREATE_SESSION, new CreateSessionTxn(30_000));
        add(txns, types, OpCode.CLOSE_SESSION, new CloseSessionTxn(List.of("/a/eph", "/x/y")));
        add(txns, types, OpCode.CLOSE_SESSION, new CloseSessionTxn(List.of()));
        if (!withDigest) {
            // A body-less closeSession is only unambiguous without a digest after it.
            add(txns, types, OpCode.CLOSE_SESSION, new CloseSessionTxn(null));
        }
        add(txns, types, OpCode.ERROR, new ErrorTxn(-110));
        List<TxnEntry> entries = new ArrayList<>();
        for (int i = 0; i < txns.size(); i++) {
            entries.add(entry(from + i, types.get(i), txns.get(i), withDigest));
        }
        return entries;
    }

    private static void add(List<Txn> txns, List<Integer> types, int type, Txn txn) {
        txns.add(txn);
        types.add(type);
    }

    /**
     * The entry the crash writer logs at {@code zxid}: a mix of types and sizes, up to a few KiB
     * and now and then 64 KiB, all derived from the zxid.
     */
    public static TxnEntry crashEntry(long zxid) {
        long h = mix(zxid);
        return switch ((int) Long.remainderUnsigned(h, 8)) {
            case 0 -> entry(zxid, OpCode.CREATE, new CreateTxn("/c/" + zxid, bytes(zxid, (int) ((h >>> 8) & 0x3ff)),
                    Perms.OPEN_ACL_UNSAFE, (h & 0x100) != 0, (int) zxid), true);
            case 1 -> entry(zxid, OpCode.DELETE, new DeleteTxn("/c/" + (zxid - 1)), true);
            case 2 -> error(zxid);
            case 3 -> entry(zxid, OpCode.MULTI, new MultiTxn(List.of(
                    new MultiTxn.Entry(OpCode.CHECK, new CheckVersionTxn("/c", (int) zxid)),
                    new MultiTxn.Entry(OpCode.SET_DATA, new SetDataTxn("/c", bytes(zxid, 100), (int) zxid)))), true);
            case 4 -> entry(zxid, OpCode.SET_DATA, new SetDataTxn("/c", bytes(zxid,
                    (h >>> 16) % 32 == 0 ? 64 * 1024 : (int) ((h >>> 8) & 0xfff)), (int) zxid), true);
            case 5 -> entry(zxid, OpCode.CREATE_SESSION, new CreateSessionTxn((int) (h >>> 40)), true);
            case 6 -> entry(zxid, OpCode.CLOSE_SESSION, new CloseSessionTxn(List.of("/c/" + zxid)), true);
            default -> entry(zxid, OpCode.SET_DATA, new SetDataTxn("/c", bytes(zxid, 7), (int) zxid), false);
        };
    }

    static byte[] bytes(long seed, int size) {
        byte[] data = new byte[size];
        long h = seed;
        for (int i = 0; i < size; i += 8) {
            h = mix(h);
            for (int j = 0; j < 8 && i + j < size; j++) {
                data[i + j] = (byte) (h >>> (8 * j));
            }
        }
        return data;
    }

    /** SplitMix64's finalizer: a cheap, well spread hash. */
    static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every entry {@code log.readAfter(zxid)} returns. */
    public static List<TxnEntry> readAfter(TxnLog log, long zxid) throws IOException {
        List<TxnEntry> entries = new ArrayList<>();
        try (TxnReader reader = log.readAfter(zxid)) {
            for (TxnEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e);
            }
        }
        return entries;
    }

    public static List<Long> zxids(List<TxnEntry> entries) {
        return entries.stream().map(TxnEntry::zxid).toList();
    }
}
