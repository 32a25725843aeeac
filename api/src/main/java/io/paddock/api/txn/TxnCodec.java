package io.paddock.api.txn;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.OpCode;
import java.nio.ByteBuffer;

/**
 * Encodes and decodes a txn entry's payload: {@code TxnHeader + txn record + optional TxnDigest},
 * the bytes a ZooKeeper log entry and a PROPOSAL carry (protocol.md sections 16.3 and 17).
 */
public final class TxnCodec {
    private TxnCodec() {
    }

    public static byte[] encode(TxnEntry entry) {
        JuteOutput out = new JuteOutput(64 + entry.txn().estimatedSize());
        entry.header().write(out);
        entry.txn().write(out);
        if (entry.digest() != null) {
            entry.digest().write(out);
        }
        return out.toByteArray();
    }

    public static TxnEntry decode(byte[] payload) {
        return decode(ByteBuffer.wrap(payload));
    }

    public static TxnEntry decode(ByteBuffer payload) {
        JuteInput in = new JuteInput(payload);
        TxnHeader header = TxnHeader.read(in);
        Txn txn = readBody(header.type(), in);
        TxnDigest digest = in.remaining() >= 12 ? TxnDigest.read(in) : null;
        return new TxnEntry(header, txn, digest);
    }

    /** Reads the record of a txn of the given type. */
    public static Txn readBody(int type, JuteInput in) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2 -> CreateTxn.read(in);
            case OpCode.CREATE_CONTAINER -> CreateContainerTxn.read(in);
            case OpCode.CREATE_TTL -> CreateTtlTxn.read(in);
            case OpCode.DELETE, OpCode.DELETE_CONTAINER -> DeleteTxn.read(in);
            case OpCode.SET_DATA, OpCode.RECONFIG -> SetDataTxn.read(in);
            case OpCode.SET_ACL -> SetAclTxn.read(in);
            case OpCode.CHECK -> CheckVersionTxn.read(in);
            case OpCode.CREATE_SESSION -> CreateSessionTxn.read(in);
            case OpCode.CLOSE_SESSION -> CloseSessionTxn.read(in);
            case OpCode.ERROR -> ErrorTxn.read(in);
            case OpCode.MULTI -> MultiTxn.read(in);
            default -> throw new JuteException("unknown txn type " + type);
        };
    }
}
