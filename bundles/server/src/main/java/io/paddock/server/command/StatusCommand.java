package io.paddock.server.command;

import io.paddock.server.command.ServerView.ServerStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code paddock:status} in the Gogo shell (plain Felix or Karaf): the server's mode, address,
 * transport, storage and counters, roughly what the srvr and mntr four-letter words tell.
 */
@Component(service = StatusCommand.class,
        property = {"osgi.command.scope=paddock", "osgi.command.function=status"})
public final class StatusCommand {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServerView server;

    public StatusCommand() {
    }

    StatusCommand(ServerView server) {
        this.server = server;
    }

    public String status() {
        ServerView s = server;
        return s == null ? ServerText.NOT_RUNNING : format(s.status());
    }

    static String format(ServerStatus s) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Mode", s.mode());
        line(sb, "Client address", s.clientAddress());
        line(sb, "Transport", s.transport());
        line(sb, "Storage", s.storage() + " (holds the database), in " + s.dataDir());
        line(sb, "Last zxid", ServerText.hex(s.lastZxid()));
        line(sb, "Node count", s.nodeCount());
        line(sb, "Sessions", s.sessionCount());
        line(sb, "Connections", s.connectionCount());
        line(sb, "Outstanding", s.outstandingRequests());
        line(sb, "Read-only", s.readOnly()
                ? "yes: a failed sync of the txn log; writes are refused until the server restarts" : "no");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(String.format("%-15s %s%n", key + ":", value));
    }
}
