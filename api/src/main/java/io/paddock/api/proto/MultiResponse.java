package io.paddock.api.proto;

import java.util.ArrayList;
import java.util.List;

/**
 * Reply to multi and multiRead: one result per op, each behind a {@link MultiHeader}, ended by
 * {@code MultiHeader{-1, true, -1}}. An error result has type -1 and an {@link ErrorResponse}
 * body repeating the code (protocol.md section 8).
 */
public record MultiResponse(List<Result> results) implements JuteRecord {

    /** One result: its type, its error code and its body (null for delete and check). */
    public record Result(int type, int err, JuteRecord body) {
        public static Result error(int err) {
            return new Result(OpCode.ERROR, err, new ErrorResponse(err));
        }
    }

    public static MultiResponse read(JuteInput in) {
        List<Result> results = new ArrayList<>();
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            JuteRecord body = switch (h.type()) {
                case OpCode.CREATE -> CreateResponse.read(in);
                case OpCode.CREATE2 -> Create2Response.read(in);
                case OpCode.SET_DATA -> StatResponse.read(in);
                case OpCode.GET_DATA -> GetDataResponse.read(in);
                case OpCode.GET_CHILDREN -> GetChildrenResponse.read(in);
                case OpCode.ERROR -> ErrorResponse.read(in);
                case OpCode.DELETE, OpCode.CHECK -> null;
                default -> throw new JuteException("invalid result type " + h.type() + " in multi response");
            };
            results.add(new Result(h.type(), h.err(), body));
            h = MultiHeader.read(in);
        }
        return new MultiResponse(results);
    }

    @Override
    public void write(JuteOutput out) {
        for (Result r : results) {
            new MultiHeader(r.type(), false, r.err()).write(out);
            if (r.body() != null) {
                r.body().write(out);
            }
        }
        new MultiHeader(-1, true, -1).write(out);
    }
}
