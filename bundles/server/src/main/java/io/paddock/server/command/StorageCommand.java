package io.paddock.server.command;

import java.io.IOException;
import io.paddock.server.db.StorageMarker;
import java.nio.file.Path;
import java.util.Dictionary;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code paddock:storage} in the Gogo shell: shows which storage backend is configured and which
 * holds the database, and with a name, changes the configuration, which hands the database over
 * on the running server.
 */
@Component(service = StorageCommand.class,
        property = {"osgi.command.scope=paddock", "osgi.command.function=storage"})
public final class StorageCommand {
    private static final String PID = "io.paddock.server";

    @Reference
    private ConfigurationAdmin configAdmin;

    /** What is configured, and what holds the database now. */
    public String storage() throws IOException {
        Dictionary<String, Object> p = configuration().getProperties();
        if (p == null) {
            return "no server is configured (" + PID + ")";
        }
        Object configured = p.get("storage");
        return "configured: " + (configured == null ? "file" : configured) + "; holding the database: "
                + holder(p.get("dataDir"));
    }

    /** Moves the database to {@code backend}: file, rocksdb, or any installed backend's name. */
    public String storage(String backend) throws IOException {
        Configuration c = configuration();
        Dictionary<String, Object> p = c.getProperties();
        if (p == null) {
            return "no server is configured (" + PID + ")";
        }
        p.put("storage", backend);
        c.update(p);
        return "storage set to " + backend + "; the server hands the database over once that backend is installed"
                + " (see the log, and paddock:storage)";
    }

    private Configuration configuration() throws IOException {
        return configAdmin.getConfiguration(PID, null);
    }

    private static String holder(Object dataDir) throws IOException {
        if (dataDir == null) {
            return "unknown";
        }
        String holder = StorageMarker.read(Path.of(dataDir.toString()));
        return holder == null ? "none yet" : holder;
    }
}
