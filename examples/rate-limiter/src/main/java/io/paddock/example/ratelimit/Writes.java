package io.paddock.example.ratelimit;

import io.paddock.api.proto.OpCode;

/** The operations that change the tree. */
final class Writes {
    private Writes() {
    }

    static boolean is(int opCode) {
        return switch (opCode) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE,
                    OpCode.SET_DATA, OpCode.SET_ACL, OpCode.MULTI, OpCode.RECONFIG -> true;
            default -> false;
        };
    }
}
