package io.paddock.server.command;

import io.paddock.api.transport.Transport;
import java.io.IOException;
import java.util.Dictionary;
import java.util.List;
import java.util.regex.Pattern;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code paddock:transport [name]} in the Gogo shell: shows the client transport configured,
 * installed and serving; with a name, changes the configuration, and the client port moves to
 * that transport (once it is installed): clients reconnect and keep their sessions.
 */
@Component(service = TransportCommand.class,
        property = {"osgi.command.scope=paddock", "osgi.command.function=transport"})
public final class TransportCommand {
    private static final String PID = "io.paddock.server";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    @Reference
    private ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServerView server;

    @Reference(service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Transport> transports;

    public String transport() throws IOException {
        Dictionary<String, Object> p = configAdmin.getConfiguration(PID, null).getProperties();
        ServerView s = server;
        if (p == null) {
            return "no server is configured (" + PID + "); installed transports: " + installed()
                    + System.lineSeparator();
        }
        return describe(p.get("transport"), installed(), s == null ? null : s.status().transport());
    }

    /** Binds the server to another transport: nio, netty, or any installed transport's name. */
    public String transport(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            return "not a transport name: " + name + System.lineSeparator();
        }
        Configuration c = configAdmin.getConfiguration(PID, null);
        Dictionary<String, Object> p = c.getProperties();
        if (p == null) {
            return "no server is configured (" + PID + ")" + System.lineSeparator();
        }
        p.put("transport", name);
        c.update(p);
        List<String> installed = installed();
        return "transport set to " + name + "; the client port moves to it"
                + (installed.contains(name) ? "" : " once it is installed (installed: " + installed + ")")
                + System.lineSeparator();
    }

    /** {@code configured} is null when the configuration leaves the transport to its default. */
    static String describe(Object configured, List<String> installed, String serving) {
        String name = configured == null ? "nio" : configured.toString();
        return String.format("%-11s %s%n", "Configured:", name)
                + String.format("%-11s %s%n", "Installed:", installed)
                + String.format("%-11s %s%n", "Serving:", serving == null ? "no server is running" : serving);
    }

    private List<String> installed() {
        List<Transport> t = transports;
        return t == null ? List.of() : t.stream().map(Transport::name).sorted().toList();
    }
}
