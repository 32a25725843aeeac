package io.paddock.storage.file;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The 16 bytes every log and snapshot file starts with (protocol.md section 16.2). */
record FileHeader(int magic, int version, long dbid) {
    static final int LENGTH = 16;

    /** "ZKLG", version 2, dbid 0, as ZooKeeper writes logs. */
    static final FileHeader LOG = new FileHeader(0x5A4B4C47, 2, 0);

    /** "ZKSN", version 2, dbid -1, as ZooKeeper writes snapshots. */
    static final FileHeader SNAPSHOT = new FileHeader(0x5A4B534E, 2, -1);

    /** The header's 16 bytes, ready to be read from. */
    ByteBuffer toBuffer() {
        return ByteBuffer.allocate(LENGTH).putInt(magic).putInt(version).putLong(dbid).flip();
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(magic);
        out.writeInt(version);
        out.writeLong(dbid);
    }
}
