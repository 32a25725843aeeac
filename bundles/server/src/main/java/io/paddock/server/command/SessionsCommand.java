package io.paddock.server.command;

import io.paddock.server.command.ServerView.SessionInfo;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code paddock:sessions} in the Gogo shell: one line per live session, with its timeout, the
 * address of the client whose connection carries it (if one does) and how many ephemeral nodes
 * it owns.
 */
@Component(service = SessionsCommand.class,
        property = {"osgi.command.scope=paddock", "osgi.command.function=sessions"})
public final class SessionsCommand {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServerView server;

    public SessionsCommand() {
    }

    SessionsCommand(ServerView server) {
        this.server = server;
    }

    public String sessions() {
        ServerView s = server;
        return s == null ? ServerText.NOT_RUNNING : format(s.sessions());
    }

    static String format(List<SessionInfo> sessions) {
        if (sessions.isEmpty()) {
            return "no sessions" + System.lineSeparator();
        }
        String row = "%-20s %8s  %-24s %10s%n";
        StringBuilder sb = new StringBuilder(String.format(row, "Session", "Timeout", "Remote address", "Ephemerals"));
        for (SessionInfo s : sessions) {
            sb.append(String.format(row, ServerText.hex(s.id()), s.timeout(),
                    s.remoteAddress() == null ? "(not connected)" : s.remoteAddress(), s.ephemerals()));
        }
        return sb.toString();
    }
}
