package io.paddock.storage.rocksdb;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.storage.SnapshotData;
import io.paddock.api.storage.SnapshotSink;
import io.paddock.api.storage.SnapshotStore;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots in the {@code snapshots} column family: chunks of about {@value #CHUNK_BYTES} bytes of
 * {@link SnapshotRecords} under (zxid, 0, 1, …), then a {@link SnapshotSeal} under (zxid,
 * {@link Keys#SEAL}). Only a sealed snapshot exists for {@link #list()}, {@link #loadNewest} and
 * {@link #purge}; chunks without a seal, left by a crash during a write, are removed on open.
 *
 * <p>Chunks bypass the WAL: the WAL is the txn log's, whose every flush would otherwise have to
 * fsync megabytes of snapshot along with a few txns. They are made durable together by flushing
 * the column family's memtables to table files before the seal is written, synced, through the
 * WAL. Writing is safe while the txn log appends and flushes from other threads: RocksDB
 * serializes the writes, and the two use disjoint keys.
 */
final class RocksDbSnapshotStore implements SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(RocksDbSnapshotStore.class);

    static final int CHUNK_BYTES = 1 << 20;

    private final Database db;
    private final int maxRecordLength;

    RocksDbSnapshotStore(Database db, int maxRecordLength) throws IOException {
        this.db = db;
        this.maxRecordLength = maxRecordLength;
        removeUnsealed();
    }

    /** A snapshot's zxid and its seal, or the reason the seal could not be read. */
    private record Sealed(long zxid, SnapshotSeal seal, String damage) {
    }

    private void removeUnsealed() throws IOException {
        try {
            db.call(h -> {
                List<Long> unsealed = new ArrayList<>();
                try (RocksIterator it = h.db().newIterator(h.snapshots())) {
                    for (it.seekToFirst(); it.isValid(); ) {
                        long zxid = Keys.zxid(it.key());
                        // The last key of this zxid: its seal if it has one.
                        it.seekForPrev(Keys.of(zxid, Keys.SEAL));
                        if (Keys.number(it.key()) != Keys.SEAL) {
                            unsealed.add(zxid);
                        }
                        if (zxid == Long.MAX_VALUE) {
                            break;
                        }
                        it.seek(Keys.of(zxid + 1, 0));
                    }
                    it.status();
                }
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    for (long zxid : unsealed) {
                        log.info("removing the unsealed snapshot {}, left by a write the server did not finish",
                                Zxid.hex(zxid));
                        h.db().deleteRange(h.snapshots(), sync, Keys.of(zxid, 0), Keys.of(zxid, Keys.SEAL));
                    }
                }
                return null;
            });
        } catch (RocksDBException e) {
            throw Failures.of("removing unsealed snapshots", e);
        }
    }

    @Override
    public void write(long zxid, SnapshotData data) throws IOException {
        long generation = db.generation();
        Writer writer = new Writer(zxid);
        try {
            // A snapshot written again under the same zxid replaces the old one.
            db.call(h -> {
                h.db().deleteRange(h.snapshots(), Keys.of(zxid, 0), Keys.of(zxid + 1, 0));
                return null;
            });
            Map<Long, Integer> sessions = data.sessions();
            for (Map.Entry<Long, Integer> s : sessions.entrySet()) {
                SnapshotRecords.session(writer.out, s.getKey(), s.getValue());
                writer.cut(false);
            }
            for (Map.Entry<Long, List<Acl>> a : data.acls().entrySet()) {
                SnapshotRecords.acl(writer.out, a.getKey(), a.getValue());
                writer.cut(false);
            }
            long[] nodes = {0};
            try {
                data.forEachNode(node -> {
                    SnapshotRecords.node(writer.out, node);
                    nodes[0]++;
                    try {
                        writer.cut(false);
                    } catch (IOException | RocksDBException e) {
                        throw new UncheckedChunkWrite(e);
                    }
                });
            } catch (UncheckedChunkWrite e) {
                if (e.getCause() instanceof RocksDBException r) {
                    throw r;
                }
                throw (IOException) e.getCause();
            }
            writer.cut(true);
            // Asked only now: the digest belongs to the last txn applied when the nodes were done.
            SnapshotSeal seal = new SnapshotSeal(writer.chunk, writer.bytes, writer.crc.getValue(), nodes[0],
                    sessions.size(), data.digest());
            db.call(h -> {
                if (db.generation() != generation) {
                    throw new IOException("the database was reopened while snapshot " + Zxid.hex(zxid)
                            + " was written");
                }
                try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
                     WriteOptions sync = new WriteOptions().setSync(true)) {
                    h.db().flush(flush, h.snapshots());
                    h.db().put(h.snapshots(), sync, Keys.of(zxid, Keys.SEAL), seal.encode());
                }
                return null;
            });
            log.info("wrote snapshot {} ({} nodes, {} sessions, {} bytes in {} chunks)", Zxid.hex(zxid), nodes[0],
                    sessions.size(), writer.bytes, writer.chunk);
        } catch (RocksDBException e) {
            removeQuietly(zxid, e);
            throw Failures.ofSynced("writing snapshot " + Zxid.hex(zxid), e);
        } catch (IOException | RuntimeException e) {
            removeQuietly(zxid, e);
            throw e;
        }
    }

    private void removeQuietly(long zxid, Exception failure) {
        try {
            db.call(h -> {
                h.db().deleteRange(h.snapshots(), Keys.of(zxid, 0), Keys.of(zxid, Keys.SEAL));
                return null;
            });
        } catch (RocksDBException | IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Carries a chunk write's failure out of the node visitor. */
    private static final class UncheckedChunkWrite extends RuntimeException {
        UncheckedChunkWrite(Exception cause) {
            super(cause);
        }

        @Override
        public synchronized Exception getCause() {
            return (Exception) super.getCause();
        }
    }

    /** Collects records and writes them out a chunk at a time. */
    private final class Writer {
        final long zxid;
        final CRC32C crc = new CRC32C();
        JuteOutput out = new JuteOutput(CHUNK_BYTES + 4096);
        int chunk;
        long bytes;

        Writer(long zxid) {
            this.zxid = zxid;
        }

        /** Writes the records collected so far as the next chunk once they fill one, or if {@code last}. */
        void cut(boolean last) throws IOException, RocksDBException {
            if (out.size() < CHUNK_BYTES && !(last && out.size() > 0)) {
                return;
            }
            byte[] value = out.toByteArray();
            crc.update(value);
            bytes += value.length;
            db.call(h -> {
                try (WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
                    h.db().put(h.snapshots(), noWal, Keys.of(zxid, chunk), value);
                }
                return null;
            });
            chunk++;
            out = new JuteOutput(CHUNK_BYTES + 4096);
        }
    }

    @Override
    public OptionalLong loadNewest(SnapshotSink sink) throws IOException {
        try {
            return db.call(h -> {
                Snapshot view = h.db().getSnapshot();
                try (ReadOptions read = new ReadOptions().setSnapshot(view)) {
                    for (Sealed s : sealed(h, read)) {
                        String damage = s.damage() != null ? s.damage() : findDamage(h, read, s.zxid(), s.seal());
                        if (damage != null) {
                            log.warn("skipping snapshot {}: {}", Zxid.hex(s.zxid()), damage);
                            continue;
                        }
                        load(h, read, s.zxid(), s.seal(), sink);
                        log.info("loaded snapshot {}", Zxid.hex(s.zxid()));
                        return OptionalLong.of(s.zxid());
                    }
                    return OptionalLong.empty();
                } finally {
                    h.db().releaseSnapshot(view);
                }
            });
        } catch (RocksDBException e) {
            throw Failures.of("loading a snapshot", e);
        }
    }

    /** Why the chunks of snapshot {@code zxid} do not match its seal, or null if they do. */
    private static String findDamage(Database.Handles h, ReadOptions read, long zxid, SnapshotSeal seal)
            throws RocksDBException {
        CRC32C crc = new CRC32C();
        long bytes = 0;
        int chunks = 0;
        try (RocksIterator it = h.db().newIterator(h.snapshots(), read)) {
            for (it.seek(Keys.of(zxid, 0)); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (Keys.zxid(key) != zxid || Keys.number(key) == Keys.SEAL) {
                    break;
                }
                if (Keys.number(key) != chunks) {
                    return "chunk " + chunks + " is missing";
                }
                byte[] value = it.value();
                crc.update(value);
                bytes += value.length;
                chunks++;
            }
            it.status();
        }
        if (chunks != seal.chunks() || bytes != seal.bytes()) {
            return "it has " + chunks + " chunks of " + bytes + " bytes, its seal says " + seal.chunks() + " of "
                    + seal.bytes();
        }
        if (crc.getValue() != seal.crc()) {
            return "checksum mismatch";
        }
        return null;
    }

    private void load(Database.Handles h, ReadOptions read, long zxid, SnapshotSeal seal, SnapshotSink sink)
            throws RocksDBException, IOException {
        try (RocksIterator it = h.db().newIterator(h.snapshots(), read)) {
            int chunk = 0;
            for (it.seek(Keys.of(zxid, 0)); chunk < seal.chunks(); it.next(), chunk++) {
                if (!it.isValid()) {
                    it.status();
                    throw new IOException("snapshot " + Zxid.hex(zxid) + " lost chunk " + chunk + " while loading");
                }
                try {
                    SnapshotRecords.read(it.value(), maxRecordLength, sink);
                } catch (RuntimeException e) {
                    throw new IOException("snapshot " + Zxid.hex(zxid) + " is sealed but chunk " + chunk
                            + " is malformed: " + e.getMessage(), e);
                }
            }
        }
        if (seal.digest() != null) {
            sink.digest(seal.digest());
        }
    }

    /** The sealed snapshots, newest first, found by seeking from seal to seal rather than reading every chunk. */
    private static List<Sealed> sealed(Database.Handles h, ReadOptions read) throws RocksDBException {
        List<Sealed> found = new ArrayList<>();
        try (RocksIterator it = h.db().newIterator(h.snapshots(), read)) {
            for (it.seekToLast(); it.isValid(); ) {
                byte[] key = it.key();
                long zxid = Keys.zxid(key);
                if (Keys.number(key) == Keys.SEAL) {
                    try {
                        found.add(new Sealed(zxid, SnapshotSeal.decode(it.value()), null));
                    } catch (IllegalArgumentException e) {
                        found.add(new Sealed(zxid, null, e.getMessage()));
                    }
                }
                if (zxid == 0) {
                    break;
                }
                it.seekForPrev(Keys.of(zxid - 1, Keys.SEAL));
            }
            it.status();
        }
        return found;
    }

    @Override
    public List<Long> list() throws IOException {
        try {
            return db.call(h -> {
                try (ReadOptions read = new ReadOptions()) {
                    return sealed(h, read).stream().map(Sealed::zxid).toList();
                }
            });
        } catch (RocksDBException e) {
            throw Failures.of("listing snapshots", e);
        }
    }

    /**
     * Keeps the newest {@code retain} snapshots whose seal is readable, and removes everything
     * older than the oldest of them. As the file store's quick check, this does not read chunks.
     */
    @Override
    public OptionalLong purge(int retain) throws IOException {
        if (retain < 1) {
            throw new IllegalArgumentException("at least one snapshot must be retained, not " + retain);
        }
        try {
            return db.call(h -> {
                long oldestKept = -1;
                int valid = 0;
                try (ReadOptions read = new ReadOptions()) {
                    for (Sealed s : sealed(h, read)) {
                        if (s.seal() != null) {
                            oldestKept = s.zxid();
                            if (++valid == retain) {
                                break;
                            }
                        }
                    }
                }
                if (oldestKept < 0) {
                    return OptionalLong.empty();
                }
                byte[] from = Keys.of(0, 0);
                byte[] to = Keys.of(oldestKept, 0);
                boolean any;
                try (RocksIterator it = h.db().newIterator(h.snapshots())) {
                    it.seekToFirst();
                    any = it.isValid() && Keys.zxid(it.key()) < oldestKept;
                    it.status();
                }
                if (any) {
                    try (WriteOptions sync = new WriteOptions().setSync(true)) {
                        h.db().deleteRange(h.snapshots(), sync, from, to);
                    }
                    // Snapshots are large: give their table files back at once where whole.
                    h.db().deleteFilesInRanges(h.snapshots(), List.of(from, to), false);
                    log.info("purged snapshots older than {}", Zxid.hex(oldestKept));
                }
                return OptionalLong.of(oldestKept);
            });
        } catch (RocksDBException e) {
            throw Failures.ofSynced("purging snapshots", e);
        }
    }

    /**
     * One synced range deletion takes every key above {@code zxid}, seals and chunks of all the
     * snapshots there (and chunks left unsealed): RocksDB applies a write whole or not at all, so
     * a crash never leaves a seal whose chunks are partly gone. It is written even when nothing
     * is left to remove: on a path as rare as a TRUNC, one synced write is cheaper than a check
     * that would have to find unsealed chunks too.
     */
    @Override
    public void removeAfter(long zxid) throws IOException {
        if (zxid == Long.MAX_VALUE) {
            return;
        }
        // Keys order zxids unsigned: a negative one would sort above them all, not below.
        byte[] from = Keys.of(Math.max(zxid + 1, 0), 0);
        try {
            db.call(h -> {
                List<Long> removed;
                try (ReadOptions read = new ReadOptions()) {
                    removed = sealed(h, read).stream().map(Sealed::zxid).filter(z -> z > zxid).toList();
                }
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    h.db().deleteRange(h.snapshots(), sync, from, Keys.END);
                }
                if (!removed.isEmpty()) {
                    // Snapshots are large: give their table files back at once where whole.
                    h.db().deleteFilesInRanges(h.snapshots(), List.of(from, Keys.END), false);
                    log.info("removed the snapshots newer than {}: {}", Zxid.hex(zxid),
                            removed.stream().map(Zxid::hex).toList());
                }
                return null;
            });
        } catch (RocksDBException e) {
            throw Failures.ofSynced("removing the snapshots newer than " + Zxid.hex(zxid), e);
        }
    }
}
