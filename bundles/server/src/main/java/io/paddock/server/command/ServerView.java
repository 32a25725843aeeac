package io.paddock.server.command;

import java.util.List;

/**
 * What the operator's commands see of a running server. The server's component registers one
 * while the server runs and withdraws it when the server stops, so a command without one knows
 * no server is running. Private to the bundle: the commands are its only users.
 */
public interface ServerView {

    ServerStatus status();

    /** Every live session, by id. */
    List<SessionInfo> sessions();

    /** The node at {@code path} with its children's names, or null if there is none. */
    NodeInfo node(String path);

    /** Roughly what the srvr and mntr four-letter words tell. */
    record ServerStatus(String mode, String clientAddress, String transport, String storage, String dataDir,
                        long lastZxid, int nodeCount, int sessionCount, int connectionCount,
                        long outstandingRequests, boolean readOnly) {
    }

    /** {@code remoteAddress} is null while no connection carries the session. */
    record SessionInfo(long id, int timeout, String remoteAddress, int ephemerals) {
    }

    /** A node's stat summary and its children's names, sorted. */
    record NodeInfo(String path, int dataLength, int version, int cversion, int aversion, long czxid,
                    long mzxid, long ephemeralOwner, int numChildren, List<String> children) {
        public NodeInfo {
            children = List.copyOf(children);
        }
    }
}
