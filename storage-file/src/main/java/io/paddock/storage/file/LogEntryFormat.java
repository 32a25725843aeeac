package io.paddock.storage.file;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.txn.Txn;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnDigest;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import java.nio.ByteBuffer;
import java.util.zip.Adler32;

/**
 * How one entry is framed in a txn log (protocol.md section 16.3):
 * {@code checksum:long, len:int, payload[len], 'B'}, where the checksum is the Adler-32 of the
 * payload only (not of the length or the 'B', whatever FileTxnLog's comment says).
 */
final class LogEntryFormat {
    /** Bytes around a payload: checksum, length and the end-of-record byte. */
    static final int OVERHEAD = 8 + 4 + 1;

    /** Checksum and length, the part of a frame before its payload. */
    static final int PREFIX = 8 + 4;

    static final byte END_OF_RECORD = 'B';

    /** TxnHeader = clientId:long, cxid:int, zxid:long, time:long, type:int. */
    static final int HEADER_LENGTH = 8 + 4 + 8 + 8 + 4;

    private static final int ZXID_OFFSET = 8 + 4;

    private LogEntryFormat() {
    }

    static long checksum(byte[] payload) {
        Adler32 adler = new Adler32();
        adler.update(payload, 0, payload.length);
        return adler.getValue();
    }

    /** The zxid in a payload's TxnHeader, read without decoding the rest. */
    static long zxid(byte[] payload) {
        return ByteBuffer.wrap(payload, ZXID_OFFSET, 8).getLong();
    }

    /**
     * Decodes a payload: TxnHeader, the txn record, then a TxnDigest if 12 bytes remain (3.6+
     * logs; error txns and older logs have none). Throws JuteException if it does not parse.
     */
    static TxnEntry decode(byte[] payload, int maxRecordLength) {
        // TxnCodec.decode would apply the default length cap, not the configured one.
        JuteInput in = new JuteInput(ByteBuffer.wrap(payload), maxRecordLength);
        TxnHeader header = TxnHeader.read(in);
        Txn txn = TxnCodec.readBody(header.type(), in);
        TxnDigest digest = in.remaining() >= 12 ? TxnDigest.read(in) : null;
        return new TxnEntry(header, txn, digest);
    }
}
