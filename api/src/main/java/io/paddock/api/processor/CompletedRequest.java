package io.paddock.api.processor;

/** A request whose reply has gone out. */
public interface CompletedRequest extends ClientRequest {
    /** The error code the client got; {@code Code.OK} (0) on success. */
    int err();

    /**
     * For a write that became a txn, the txn's zxid (a failed write is logged as an error txn and
     * has one too); otherwise the zxid the reply carried, or -1 if none.
     */
    long zxid();

    /** True if the request changed the tree: a successful write, committed at {@link #zxid()}. */
    boolean committed();
}
