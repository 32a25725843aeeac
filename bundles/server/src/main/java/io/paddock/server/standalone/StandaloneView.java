package io.paddock.server.standalone;

import io.paddock.api.proto.Stat;
import io.paddock.server.cnxn.ClientPort;
import io.paddock.server.command.ServerView;
import io.paddock.server.db.Database;
import io.paddock.server.processor.Pipeline;
import io.paddock.server.tree.DataNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A standalone server as its shell commands see it; every call reads the live state. */
final class StandaloneView implements ServerView {
    private final StandaloneServer server;
    private final Database db;
    private final Pipeline pipeline;
    private final ClientPort clientPort;
    private final String dataDir;

    StandaloneView(StandaloneServer server, Database db, Pipeline pipeline, ClientPort clientPort,
                   String dataDir) {
        this.server = server;
        this.db = db;
        this.pipeline = pipeline;
        this.clientPort = clientPort;
        this.dataDir = dataDir;
    }

    @Override
    public ServerStatus status() {
        InetSocketAddress address = server.clientAddress();
        return new ServerStatus("standalone", address.getHostString() + ":" + address.getPort(), server.transportName(),
                server.storageName(), dataDir, db.lastProcessedZxid(), db.tree().nodeCount(), db.sessions().size(),
                clientPort.connectionCount(), pipeline.stats().outstanding(), pipeline.readOnly());
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
