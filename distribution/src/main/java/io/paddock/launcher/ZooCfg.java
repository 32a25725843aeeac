package io.paddock.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A ZooKeeper {@code zoo.cfg}, read the way ZooKeeper's {@code QuorumPeerConfig} reads it
 * (java.util.Properties, keys and values trimmed, relative directories against the working
 * directory), and its translation into the Config Admin configuration of the server.
 *
 * <p>The translation keeps ZooKeeper's own keys as they are, unknown ones included, so an
 * operator's zoo.cfg means the same here as there. It adds the plug-in choices
 * ({@code transport}, {@code storage}) with their defaults; the server picks the installed
 * plug-ins of those names. All values are strings;
 * the server's typed configuration converts them.
 */
public record ZooCfg(String source, SortedMap<String, String> properties) {

    /** The Config Admin PID the server component is configured under. */
    public static final String PID = "io.paddock.server";

    public static final String TRANSPORT = "transport";
    public static final String STORAGE = "storage";
    public static final String DEFAULT_TRANSPORT = "nio";
    public static final String DEFAULT_STORAGE = "file";

    // Keys whose values ZooKeeper parses as integers (QuorumPeerConfig.parseProperties, plus
    // the zookeeper.* system properties commonly set from zoo.cfg). Checked here so a typo
    // fails at the command line rather than deep inside a component.
    private static final Set<String> INTEGER_KEYS = Set.of(
            "tickTime", "initLimit", "syncLimit", "connectToLearnerMasterLimit",
            "clientPort", "secureClientPort", "maxClientCnxns",
            "minSessionTimeout", "maxSessionTimeout", "electionAlg", "electionPort",
            "autopurge.snapRetainCount", "autopurge.purgeInterval",
            "snapCount", "jute.maxbuffer", "globalOutstandingLimit", "preAllocSize",
            "myid", "znode.container.checkIntervalMs", "znode.container.maxPerMinute");
    private static final Set<String> PORT_KEYS = Set.of("clientPort", "secureClientPort");
    private static final Set<String> BOOLEAN_KEYS = Set.of(
            "extendedTypesEnabled", "standaloneEnabled", "reconfigEnabled",
            "localSessionsEnabled", "localSessionsUpgradingEnabled",
            "quorumListenOnAllIPs", "syncEnabled", "4lw.commands.enabled", "enforceQuota",
            "allowSaslFailedClients", "sessionRequireClientSASLAuth", "enforce.auth.enabled");
    private static final Set<String> DIRECTORY_KEYS = Set.of("dataDir", "dataLogDir");
    private static final Pattern SERVER_KEY = Pattern.compile("server\\.(.*)");
    // A plug-in name goes into an LDAP filter; keep it to characters that need no escaping.
    private static final Pattern PLUGIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public ZooCfg {
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
    }

    /**
     * The configuration {@code paddock} runs with when given no zoo.cfg: a standalone server
     * on 127.0.0.1:2181 with its data in ./data; everything else takes ZooKeeper's defaults.
     */
    public static ZooCfg standaloneDefaults(Path workingDir) {
        SortedMap<String, String> p = new TreeMap<>();
        p.put("tickTime", "2000");
        p.put("clientPort", "2181");
        p.put("clientPortAddress", "127.0.0.1");
        p.put("dataDir", workingDir.toAbsolutePath().resolve("data").normalize().toString());
        return new ZooCfg("built-in standalone defaults", p);
    }

    /** Reads a zoo.cfg file; {@code file} is resolved against {@code workingDir} if relative. */
    public static ZooCfg read(Path file, Path workingDir) throws ZooCfgException {
        Path path = workingDir.toAbsolutePath().resolve(file).normalize();
        if (Files.isDirectory(path)) {
            throw new ZooCfgException(file + ": is a directory, not a zoo.cfg file");
        }
        Properties raw = new Properties();
        // As ZooKeeper does: Properties.load(InputStream), i.e. ISO 8859-1 with \\u escapes.
        try (InputStream in = Files.newInputStream(path)) {
            raw.load(in);
        } catch (NoSuchFileException e) {
            throw new ZooCfgException(file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new ZooCfgException(file + ": cannot read: " + describe(e));
        }
        // Errors name the file as the operator typed it; the source is where it really is.
        return new ZooCfg(path.toString(), parse(file.toString(), raw, workingDir).properties());
    }

    /** Validates and normalises properties as read from a zoo.cfg named {@code source}. */
    public static ZooCfg parse(String source, Properties raw, Path workingDir) throws ZooCfgException {
        SortedMap<String, String> p = new TreeMap<>();
        for (String name : raw.stringPropertyNames()) {
            String key = name.trim();
            String value = raw.getProperty(name).trim();
            if (key.isEmpty()) {
                continue;
            }
            check(source, key, value);
            if (DIRECTORY_KEYS.contains(key)) {
                value = workingDir.toAbsolutePath().resolve(value).normalize().toString();
            }
            p.put(key, value);
        }
        if (!p.containsKey("dataDir")) {
            throw new ZooCfgException(source + ": dataDir is not set");
        }
        checkSessionTimeouts(source, p);
        return new ZooCfg(source, p);
    }

    /**
     * The properties of the {@value #PID} configuration: the zoo.cfg keys as they are, and the
     * plug-in choices with their defaults. The server picks its transport and storage backend by
     * these names among the installed ones.
     */
    public SortedMap<String, String> configuration() {
        SortedMap<String, String> c = new TreeMap<>(properties);
        c.computeIfAbsent(TRANSPORT, k -> DEFAULT_TRANSPORT);
        c.computeIfAbsent(STORAGE, k -> DEFAULT_STORAGE);
        return c;
    }

    private static void check(String source, String key, String value) throws ZooCfgException {
        if (INTEGER_KEYS.contains(key)) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw bad(source, key, value, "a whole number");
            }
            if (n < 0 || n > Integer.MAX_VALUE && !"preAllocSize".equals(key)) {
                throw bad(source, key, value, "a whole number from 0 to " + Integer.MAX_VALUE);
            }
            if (PORT_KEYS.contains(key) && (n < 1 || n > 65535)) {
                throw bad(source, key, value, "a port from 1 to 65535");
            }
            if ("tickTime".equals(key) && n == 0) {
                throw bad(source, key, value, "greater than 0");
            }
        } else if (BOOLEAN_KEYS.contains(key)) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw bad(source, key, value, "true or false");
            }
        } else if (DIRECTORY_KEYS.contains(key)) {
            if (value.isEmpty()) {
                throw bad(source, key, value, "a directory");
            }
        } else if (TRANSPORT.equals(key) || STORAGE.equals(key)) {
            if (!PLUGIN_NAME.matcher(value).matches()) {
                throw bad(source, key, value, "a plug-in name (letters, digits, '.', '_', '-')");
            }
        } else {
            var server = SERVER_KEY.matcher(key);
            if (server.matches() && !server.group(1).matches("\\d+")) {
                throw new ZooCfgException(source + ": " + key + ": the server id after 'server.' must be a number");
            }
        }
    }

    private static void checkSessionTimeouts(String source, Map<String, String> p) throws ZooCfgException {
        String min = p.get("minSessionTimeout");
        String max = p.get("maxSessionTimeout");
        if (min != null && max != null && Long.parseLong(min) > Long.parseLong(max)) {
            throw new ZooCfgException(source + ": minSessionTimeout (" + min
                    + ") must not be larger than maxSessionTimeout (" + max + ")");
        }
    }

    private static ZooCfgException bad(String source, String key, String value, String expected) {
        return new ZooCfgException(source + ": " + key + " must be " + expected + ", not '" + value + "'");
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
