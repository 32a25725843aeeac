package io.paddock.api.processor;

import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteRecord;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A client's request as an extension sees it: what the client sent, who sent it, and the
 * annotations extensions made so far. The request itself cannot be changed.
 */
public interface ClientRequest {
    long sessionId();

    /** The client's request number, which the reply carries. */
    int xid();

    /** The operation: one of {@link io.paddock.api.proto.OpCode}'s constants. */
    int opCode();

    /** The path the request names (a multi's first one), or null if it names none. */
    String path();

    /** Every path the request names, in order (each op of a multi); empty if none. */
    List<String> paths();

    /** The decoded body, an {@code io.paddock.api.proto} record; null if there is none. */
    JuteRecord body();

    /** What the connection authenticated as: its ip, and digest, sasl or x509 identities. */
    List<Id> authIds();

    /** The client's address; null if unknown. */
    InetSocketAddress remoteAddress();

    /**
     * Annotations, shared by every extension along the request's way and across its stages; an
     * extension puts what a later one should see. Thread-safe.
     */
    Map<String, Object> attributes();
}
