package io.paddock.server.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A server view over a hand-built tree, for the commands' formatting. */
final class FakeServerView implements ServerView {
    private final Map<String, NodeInfo> nodes = new TreeMap<>();
    ServerStatus status;
    List<SessionInfo> sessions = List.of();

    /** Adds a node and lists it among its parent's children. */
    FakeServerView node(String path, int dataLength, long czxid, long ephemeralOwner) {
        nodes.put(path, new NodeInfo(path, dataLength, 0, 0, 0, czxid, czxid, ephemeralOwner, 0, List.of()));
        if (!path.equals("/")) {
            int slash = path.lastIndexOf('/');
            String parent = slash == 0 ? "/" : path.substring(0, slash);
            NodeInfo p = nodes.get(parent);
            List<String> children = new ArrayList<>(p.children());
            children.add(path.substring(slash + 1));
            children.sort(null);
            nodes.put(parent, new NodeInfo(parent, p.dataLength(), p.version(), p.cversion() + 1, p.aversion(),
                    p.czxid(), p.mzxid(), p.ephemeralOwner(), children.size(), children));
        }
        return this;
    }

    @Override
    public ServerStatus status() {
        return status;
    }

    @Override
    public List<SessionInfo> sessions() {
        return sessions;
    }

    @Override
    public NodeInfo node(String path) {
        return nodes.get(path);
    }
}
