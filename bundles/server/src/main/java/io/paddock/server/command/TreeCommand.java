package io.paddock.server.command;

import io.paddock.server.command.ServerView.NodeInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code paddock:tree [path] [depth]} in the Gogo shell: the znodes under a path (the root by
 * default), each with a stat summary, down to a depth (0 is the node alone; all by default).
 * It stops after {@value #MAX_NODES} nodes so that a large tree cannot flood the shell.
 */
@Component(service = TreeCommand.class,
        property = {"osgi.command.scope=paddock", "osgi.command.function=tree"})
public final class TreeCommand {
    static final int MAX_NODES = 1000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServerView server;

    public TreeCommand() {
    }

    TreeCommand(ServerView server) {
        this.server = server;
    }

    public String tree() {
        return tree("/");
    }

    public String tree(String path) {
        return tree(path, Integer.MAX_VALUE);
    }

    public String tree(String path, int depth) {
        ServerView s = server;
        return s == null ? ServerText.NOT_RUNNING : format(s, path, depth);
    }

    static String format(ServerView server, String path, int depth) {
        if (path == null || !path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            return "not a node path: " + path + " (it starts with / and does not end with one)"
                    + System.lineSeparator();
        }
        if (depth < 0) {
            return "the depth is 0 or more (0 shows the node alone)" + System.lineSeparator();
        }
        NodeInfo top = server.node(path);
        if (top == null) {
            return "no node " + path + System.lineSeparator();
        }
        StringBuilder sb = new StringBuilder();
        int[] left = {MAX_NODES};
        append(sb, server, top, path, 0, depth, left);
        if (left[0] < 0) {
            sb.append("... more nodes not shown (the first ").append(MAX_NODES)
                    .append(" are above); give a path or a depth").append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, ServerView server, NodeInfo node, String name, int level,
                               int depth, int[] left) {
        if (left[0]-- <= 0) {
            return;
        }
        sb.append("  ".repeat(level)).append(name).append("  ").append(summary(node))
                .append(System.lineSeparator());
        if (level >= depth) {
            return;
        }
        String prefix = node.path().equals("/") ? "/" : node.path() + "/";
        for (String child : node.children()) {
            NodeInfo c = server.node(prefix + child);
            if (c != null) { // deleted since its parent was read
                append(sb, server, c, child, level + 1, depth, left);
            }
            if (left[0] < 0) {
                return;
            }
        }
    }

    /** The Stat fields an operator looks at first; the rest are one zkCli {@code stat} away. */
    static String summary(NodeInfo n) {
        StringBuilder sb = new StringBuilder("[");
        sb.append("dataLength=").append(n.dataLength())
                .append(" version=").append(n.version())
                .append(" cversion=").append(n.cversion())
                .append(" aversion=").append(n.aversion())
                .append(" czxid=").append(ServerText.hex(n.czxid()))
                .append(" mzxid=").append(ServerText.hex(n.mzxid()))
                .append(" children=").append(n.numChildren());
        if (n.ephemeralOwner() != 0) {
            sb.append(" ephemeralOwner=").append(ServerText.hex(n.ephemeralOwner()));
        }
        return sb.append(']').toString();
    }
}
