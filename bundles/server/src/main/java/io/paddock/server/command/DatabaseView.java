package io.paddock.server.command;

import io.paddock.api.proto.Stat;
import io.paddock.server.cnxn.ClientPort;
import io.paddock.server.db.Database;
import io.paddock.server.tree.DataNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A running server as its shell commands see it, standalone or a quorum member: sessions and
 * nodes from its database and client port, the status from the server itself. Every call reads
 * the live state.
 */
public final class DatabaseView implements ServerView {
    private final Database db;
    private final ClientPort clientPort;
    private final Supplier<ServerStatus> status;

    public DatabaseView(Database db, ClientPort clientPort, Supplier<ServerStatus> status) {
        this.db = db;
        this.clientPort = clientPort;
        this.status = status;
    }

    @Override
    public ServerStatus status() {
        return status.get();
    }

    @Override
    public List<SessionInfo> sessions() {
        Map<Long, String> remote = clientPort.sessionAddresses();
        Map<Long, Set<String>> ephemerals = db.tree().ephemeralsBySession();
        List<SessionInfo> sessions = new ArrayList<>();
        new TreeMap<>(db.sessions().snapshot()).forEach((id, timeout) -> sessions.add(new SessionInfo(id, timeout,
                remote.get(id), ephemerals.getOrDefault(id, Set.of()).size())));
        return sessions;
    }

    @Override
    public NodeInfo node(String path) {
        DataNode n = db.tree().node(path);
        if (n == null) {
            return null;
        }
        Stat s = n.stat();
        List<String> children = new ArrayList<>(n.children());
        children.sort(null);
        return new NodeInfo(path, s.dataLength(), s.version(), s.cversion(), s.aversion(), s.czxid(), s.mzxid(),
                s.ephemeralOwner(), s.numChildren(), children);
    }
}
