package io.paddock.storage.rocksdb;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.paddock.api.storage.QuorumEpochs;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/** The two epochs in the {@code meta} column family, 8 bytes big-endian each, written synced. */
final class RocksDbQuorumEpochs implements QuorumEpochs {
    private static final byte[] ACCEPTED = "acceptedEpoch".getBytes(US_ASCII);
    private static final byte[] CURRENT = "currentEpoch".getBytes(US_ASCII);

    private final Database db;

    RocksDbQuorumEpochs(Database db) {
        this.db = db;
    }

    @Override
    public long accepted() throws IOException {
        return read(ACCEPTED);
    }

    @Override
    public long current() throws IOException {
        return read(CURRENT);
    }

    @Override
    public void setAccepted(long epoch) throws IOException {
        write(ACCEPTED, epoch);
    }

    @Override
    public void setCurrent(long epoch) throws IOException {
        write(CURRENT, epoch);
    }

    private long read(byte[] key) throws IOException {
        byte[] value;
        try {
            value = db.call(h -> h.db().get(h.meta(), key));
        } catch (RocksDBException e) {
            throw Failures.of("reading " + new String(key, US_ASCII), e);
        }
        if (value == null) {
            return NONE;
        }
        if (value.length != Long.BYTES) {
            throw new IOException(new String(key, US_ASCII) + " holds " + value.length + " bytes, not an epoch");
        }
        return ByteBuffer.wrap(value).getLong();
    }

    private void write(byte[] key, long epoch) throws IOException {
        if (epoch < 0) {
            throw new IllegalArgumentException("an epoch is never negative: " + epoch);
        }
        byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(epoch).array();
        try {
            db.call(h -> {
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    h.db().put(h.meta(), sync, key, value);
                }
                return null;
            });
        } catch (RocksDBException e) {
            throw Failures.ofSynced("writing " + new String(key, US_ASCII), e);
        }
    }
}
