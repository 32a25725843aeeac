package io.paddock.server.processor;

import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteRecord;
import io.paddock.server.watch.Watcher;
import java.net.InetSocketAddress;
import java.util.List;

/** Where a request's reply goes: the client connection it came from. */
public interface ClientChannel extends Watcher {
    /** Sends a reply; with {@code err != 0} only the header goes out (protocol.md section 4). */
    void sendReply(int xid, long zxid, int err, JuteRecord body);

    /** The createSession txn of this connection's handshake is applied: answer the ConnectRequest. */
    void sessionCreated(long sessionId, int timeout);

    /** Closes the connection once the replies queued so far are written. */
    void close();

    /** The identities this connection authenticated as, its ip among them. */
    List<Id> authIds();

    /** Requests of this connection that are in the sync stage; reads may skip it only when 0. */
    int inSync();

    void enterSync();

    void leaveSync();

    /** The client's address, or null if unknown. */
    default InetSocketAddress remoteAddress() {
        return null;
    }

    /** A request of this connection got its reply (or was dropped with the connection). */
    void requestDone(Request request);
}
