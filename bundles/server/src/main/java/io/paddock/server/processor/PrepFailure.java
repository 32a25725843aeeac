package io.paddock.server.processor;

/** A write failed validation with a ZooKeeper error code; cheap, carries no stack trace. */
final class PrepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int code;

    PrepFailure(int code) {
        super(null, null, false, false);
        this.code = code;
    }
}
