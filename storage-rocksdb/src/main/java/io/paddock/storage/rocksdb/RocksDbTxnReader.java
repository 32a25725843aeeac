package io.paddock.storage.rocksdb;

import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.Zxid;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads the {@code log} column family from a key up to a last key, a page at a time. Each page
 * uses its own short-lived iterator under the database's lock, so a reader left open never
 * holds a native iterator across a close or reopen of the database.
 */
final class RocksDbTxnReader implements TxnReader {
    private static final int PAGE_ENTRIES = 1024;
    private static final long PAGE_BYTES = 4L << 20;

    private final Database db;
    private final byte[] last;
    private final ArrayDeque<TxnEntry> page = new ArrayDeque<>();
    private byte[] from;
    private boolean end;
    private boolean closed;

    RocksDbTxnReader(Database db, byte[] from, byte[] last) {
        this.db = db;
        this.from = from;
        this.last = last;
        this.end = Arrays.compareUnsigned(from, last) > 0;
    }

    @Override
    public TxnEntry next() throws IOException {
        if (closed) {
            throw new IllegalStateException("txn log reader is closed");
        }
        if (page.isEmpty() && !end) {
            readPage();
        }
        return page.poll();
    }

    private void readPage() throws IOException {
        try {
            db.call(h -> {
                try (RocksIterator it = h.db().newIterator(h.log())) {
                    long bytes = 0;
                    for (it.seek(from); it.isValid(); it.next()) {
                        byte[] key = it.key();
                        if (Arrays.compareUnsigned(key, last) > 0) {
                            end = true;
                            return null;
                        }
                        if (page.size() >= PAGE_ENTRIES || bytes >= PAGE_BYTES) {
                            return null;
                        }
                        byte[] value = it.value();
                        page.add(decode(key, value));
                        bytes += value.length;
                        // The smallest key after this one: the same bytes and a zero byte more.
                        from = Arrays.copyOf(key, key.length + 1);
                    }
                    it.status();
                    end = true;
                    return null;
                }
            });
        } catch (RocksDBException e) {
            throw Failures.of("reading the txn log", e);
        }
    }

    private static TxnEntry decode(byte[] key, byte[] value) throws IOException {
        try {
            TxnEntry entry = TxnCodec.decode(value);
            if (entry.zxid() != Keys.zxid(key)) {
                throw new IOException("txn log entry under zxid " + Zxid.hex(Keys.zxid(key)) + " holds zxid "
                        + Zxid.hex(entry.zxid()));
            }
            return entry;
        } catch (RuntimeException e) {
            throw new IOException("txn log entry " + Zxid.hex(Keys.zxid(key)) + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        page.clear();
    }
}
