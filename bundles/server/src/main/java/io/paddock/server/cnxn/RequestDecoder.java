package io.paddock.server.cnxn;

import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.CreateTtlRequest;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.DeleteRequest;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.MultiRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathRequest;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.ReconfigRequest;
import io.paddock.api.proto.SetAclRequest;
import io.paddock.api.proto.SetDataRequest;
import io.paddock.api.proto.SetWatches;
import java.util.Set;
import io.paddock.api.proto.WatchTypeRequest;

/** Decodes the body of a client request by opcode. */
final class RequestDecoder {
    /** Marks a body-less request, so that "no body" differs from "unknown opcode". */
    static final JuteRecord NO_BODY = out -> { };

    /** What a multi may hold, and what a multiRead may (protocol.md section 8). */
    private static final Set<Integer> WRITE_OPS = Set.of(OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER,
            OpCode.CREATE_TTL, OpCode.DELETE, OpCode.SET_DATA, OpCode.CHECK);
    private static final Set<Integer> READ_OPS = Set.of(OpCode.GET_DATA, OpCode.GET_CHILDREN);

    private RequestDecoder() {
    }

    /** A multi that mixes reads and writes cannot be decoded: ZooKeeper answers MARSHALLINGERROR. */
    private static MultiRequest onlyOps(MultiRequest m, Set<Integer> allowed) {
        for (MultiRequest.Op op : m.ops()) {
            if (!allowed.contains(op.type())) {
                throw new JuteException("op " + OpCode.name(op.type()) + " may not be in this kind of multi");
            }
        }
        return m;
    }

    /**
     * The decoded body, {@link #NO_BODY} for an op without one, or null for an opcode this
     * server does not serve (answered with UNIMPLEMENTED, then the connection closes, as
     * ZooKeeper does). Throws JuteException for a body that cannot be decoded.
     */
    static JuteRecord decode(int type, JuteInput in) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.read(in);
            case OpCode.CREATE_TTL -> CreateTtlRequest.read(in);
            case OpCode.DELETE -> DeleteRequest.read(in);
            case OpCode.EXISTS, OpCode.GET_DATA, OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2 -> PathWatchRequest.read(in);
            case OpCode.SET_DATA -> SetDataRequest.read(in);
            case OpCode.GET_ACL, OpCode.SYNC -> PathRequest.read(in);
            case OpCode.SET_ACL -> SetAclRequest.read(in);
            case OpCode.MULTI -> onlyOps(MultiRequest.read(in), WRITE_OPS);
            case OpCode.MULTI_READ -> onlyOps(MultiRequest.read(in), READ_OPS);
            case OpCode.RECONFIG -> ReconfigRequest.read(in);
            case OpCode.GET_EPHEMERALS, OpCode.GET_ALL_CHILDREN_NUMBER -> PathRequest.read(in);
            case OpCode.WHO_AM_I -> NO_BODY;
            case OpCode.SET_WATCHES -> SetWatches.read(in, false);
            case OpCode.SET_WATCHES2 -> SetWatches.read(in, true);
            case OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES, OpCode.ADD_WATCH -> WatchTypeRequest.read(in);
            case OpCode.CLOSE_SESSION -> NO_BODY;
            default -> null;
        };
    }
}
