package io.paddock.api.proto;

import java.util.ArrayList;
import java.util.List;

/**
 * Body of multi (14) and multiRead (22): ops each behind a {@link MultiHeader}, ended by
 * {@code MultiHeader{-1, true, -1}} (protocol.md section 8).
 */
public record MultiRequest(List<Op> ops) implements JuteRecord {

    /** One op of a multi: its opcode and its request record. */
    public record Op(int type, JuteRecord body) {
    }

    /** Decodes a multi body. An op type that may not appear in a multi raises JuteException. */
    public static MultiRequest read(JuteInput in) {
        List<Op> ops = new ArrayList<>();
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            ops.add(new Op(h.type(), readBody(h.type(), in)));
            h = MultiHeader.read(in);
        }
        return new MultiRequest(ops);
    }

    private static JuteRecord readBody(int type, JuteInput in) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.read(in);
            case OpCode.CREATE_TTL -> CreateTtlRequest.read(in);
            case OpCode.DELETE -> DeleteRequest.read(in);
            case OpCode.SET_DATA -> SetDataRequest.read(in);
            case OpCode.CHECK -> CheckVersionRequest.read(in);
            case OpCode.GET_DATA, OpCode.GET_CHILDREN -> PathWatchRequest.read(in);
            default -> throw new JuteException("invalid op type " + type + " in multi");
        };
    }

    @Override
    public void write(JuteOutput out) {
        for (Op op : ops) {
            new MultiHeader(op.type(), false, -1).write(out);
            op.body().write(out);
        }
        new MultiHeader(-1, true, -1).write(out);
    }
}
