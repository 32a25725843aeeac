package io.paddock.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;

/**
 * {@code bin/paddock [zoo.cfg]}: boots Felix with the distribution's bundles and feeds the
 * server its configuration through Felix FileInstall.
 *
 * <p>The JVM is the server process: it runs in the foreground, SIGTERM or Ctrl-C stop the
 * framework cleanly through a shutdown hook, and SIGKILL just kills it. Several servers may
 * run from one distribution at once (an ensemble on one machine), so everything a run
 * writes, the framework cache and the generated {@code io.paddock.server.cfg}, lives in a
 * directory of its own under java.io.tmpdir, deleted on exit.
 *
 * <p>Exit status: 0 after a normal stop, 1 after a fatal error reported by a bundle through
 * the {@code paddock.fatal} service or a failure to start, 2 for a bad command line or zoo.cfg.
 * This class is the only place in Paddock that calls {@link System#exit}.
 */
public final class PaddockLauncher {

    static final int EXIT_OK = 0;
    static final int EXIT_FATAL = 1;
    static final int EXIT_USAGE = 2;

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    static final String HOME_PROPERTY = "paddock.home";
    static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    private static final String RUN_DIR_PREFIX = "paddock-";
    private static final Pattern RUN_DIR = Pattern.compile("paddock-(\\d+)-.*");

    // slf4j-simple's settings; each is set only if the user has not set it (-D in JAVA_OPTS).
    private static final Map<String, String> LOGGING_DEFAULTS = loggingDefaults();

    private static final String USAGE = """
            Usage: paddock [zoo.cfg]
                   paddock --help

            Starts a Paddock server in the foreground.

              zoo.cfg   a ZooKeeper configuration file; relative paths in it (dataDir,
                        dataLogDir) are taken from the current directory. Without it the
                        server runs standalone on 127.0.0.1:2181 with its data in ./data.

            Paddock keys besides ZooKeeper's: transport (default nio), storage (default file).
            Extra bundles go in deploy/, extra Config Admin configurations (<pid>.cfg) in conf/.
            JVM options go in JAVA_OPTS, e.g. JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=debug
            Exit status: 0 stopped, 1 fatal error, 2 bad command line or zoo.cfg.
            """;

    private final PrintStream out;
    private final PrintStream err;

    PaddockLauncher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new PaddockLauncher(System.out, System.err).run(args);
        System.exit(status);
    }

    int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(USAGE);
            return EXIT_OK;
        }
        if (args.length > 1 || args.length == 1 && args[0].startsWith("-")) {
            err.println("paddock: usage: paddock [zoo.cfg] (see paddock --help)");
            return EXIT_USAGE;
        }

        Path workingDir = Path.of("").toAbsolutePath();
        ZooCfg cfg;
        try {
            cfg = args.length == 0 ? ZooCfg.standaloneDefaults(workingDir) : ZooCfg.read(Path.of(args[0]), workingDir);
        } catch (ZooCfgException e) {
            err.println("paddock: " + e.getMessage());
            return EXIT_USAGE;
        }

        Path home;
        try {
            home = home();
        } catch (IllegalStateException e) {
            err.println("paddock: " + e.getMessage());
            return EXIT_FATAL;
        }

        LOGGING_DEFAULTS.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
        String level = System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        ConsoleLog log = new ConsoleLog(err, level.equalsIgnoreCase("debug") || level.equalsIgnoreCase("trace"));

        try {
            return serve(cfg, home, log);
        } catch (IOException | UncheckedIOException e) {
            err.println("paddock: " + e.getMessage());
            return EXIT_FATAL;
        }
    }

    private int serve(ZooCfg cfg, Path home, ConsoleLog log) throws IOException {
        Map<String, String> server = cfg.configuration();
        log.info("Paddock " + version() + " (pid " + ProcessHandle.current().pid() + ") starting from "
                + cfg.source() + ": " + describe(server));

        int java = Runtime.version().feature();
        if (java >= 25) {
            log.warn("running on Java " + java + ", where SPI Fly (which finds slf4j's provider) is known to fail; "
                    + "Paddock is built and tested on Java 17 (set JAVA_HOME)");
        }

        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeAbandonedRunDirs(tmp, log);
        Path runDir = Files.createTempDirectory(tmp, RUN_DIR_PREFIX + ProcessHandle.current().pid() + "-");
        Path generatedConf = runDir.resolve("conf");
        Path deploy = home.resolve("deploy");
        Path conf = home.resolve("conf");
        FelixRuntime runtime = FelixRuntime.create(frameworkProperties(home, runDir, List.of(deploy, conf, generatedConf)));

        // From here on every way out, normal or not, goes through this hook.
        Thread shutdown = new Thread(() -> {
            try {
                if (!runtime.stop(STOP_TIMEOUT)) {
                    log.warn("the OSGi framework did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                deleteRecursively(runDir, log);
            }
        }, "paddock-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        Files.createDirectories(generatedConf);
        Files.createDirectories(deploy);
        Files.createDirectories(conf);
        Path cfgFile = new ConfigurationFile(ZooCfg.PID, server).writeTo(generatedConf);
        log.debug("configuration " + ZooCfg.PID + " written to " + cfgFile);
        boolean interactive = System.console() != null;

        FatalErrorService fatal = new FatalErrorService(err, () -> {
            try {
                if (!runtime.stop(STOP_TIMEOUT)) {
                    log.warn("the OSGi framework did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
                    System.exit(EXIT_FATAL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.exit(EXIT_FATAL);
            }
            // Stopped in time: the main thread, waiting for the stop, exits with EXIT_FATAL.
        });

        try {
            runtime.start(bundles(home.resolve("bundle"), interactive), fatal, installed -> {
                if (log.isDebugEnabled()) {
                    for (Bundle b : runtime.bundles()) {
                        log.debug(String.format("bundle %3d %-20s %s %s", b.getBundleId(),
                                FelixRuntime.stateName(b), b.getSymbolicName(), b.getVersion()));
                    }
                }
                List<Bundle> inactive = FelixRuntime.inactive(installed);
                if (!inactive.isEmpty() && fatal.message() == null) {
                    log.warn("bundles not active: " + inactive.stream()
                            .map(b -> b.getSymbolicName() + " (" + FelixRuntime.stateName(b) + ")")
                            .collect(Collectors.joining(", ")));
                }
            });
            FrameworkEvent stopped = runtime.waitForStop();
            if (fatal.message() != null) {
                return EXIT_FATAL;
            }
            if (stopped.getType() == FrameworkEvent.ERROR) {
                err.println("paddock: the OSGi framework stopped on an error: " + message(stopped.getThrowable()));
                return EXIT_FATAL;
            }
            return EXIT_OK;
        } catch (Exception e) {
            if (fatal.message() != null) {
                return EXIT_FATAL;
            }
            err.println("paddock: cannot start: " + message(e));
            return EXIT_FATAL;
        }
    }

    /** Launch properties: per-process cache, start levels, FileInstall on three directories. */
    static Map<String, String> frameworkProperties(Path home, Path runDir, List<Path> watched) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.osgi.framework.storage", runDir.resolve("cache").toString());
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("org.osgi.framework.startlevel.beginning", Integer.toString(FelixRuntime.BUNDLE_START_LEVEL));
        // Bundles FileInstall installs from deploy/ start with the rest, after logging.
        p.put("felix.startlevel.bundle", Integer.toString(FelixRuntime.BUNDLE_START_LEVEL));
        p.put(HOME_PROPERTY, home.toString());

        // FileInstall splits felix.fileinstall.dir on commas and runs one watcher per
        // directory, all with the settings below: deploy/ for bundles, conf/ for the
        // operator's own <pid>.cfg files, and this process's directory for io.paddock.server.cfg.
        p.put("felix.fileinstall.dir", watched.stream().map(Path::toString).collect(Collectors.joining(",")));
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.poll", System.getProperty("felix.fileinstall.poll", "2000"));
        // Jars and configurations only; zoo*.cfg in conf/ are zoo.cfg files for bin/paddock,
        // not Config Admin configurations.
        p.put("felix.fileinstall.filter", ".+\\.jar|(?!zoo).+\\.(cfg|config)");
        p.put("felix.fileinstall.subdir.mode", "skip");
        // conf/ is shared by every server started from this distribution: never write back.
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.tmpdir", runDir.resolve("fileinstall").toString());
        p.put("felix.fileinstall.log.level", System.getProperty("felix.fileinstall.log.level", "2"));
        return p;
    }

    /** The jars of bundle/, in name order; the Gogo shell only when there is a terminal to read. */
    static List<Path> bundles(Path bundleDir, boolean interactive) throws IOException {
        if (!Files.isDirectory(bundleDir)) {
            throw new IOException("no bundle directory at " + bundleDir);
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(bundleDir)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                if (!interactive && GOGO_SHELL.equals(FelixRuntime.symbolicName(jar))) {
                    continue;
                }
                jars.add(jar);
            }
        }
        return jars;
    }

    private static Path home() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try {
            // lib/paddock-launcher.jar -> the distribution's root
            Path jar = Path.of(PaddockLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.toAbsolutePath().getParent();
            if (parent == null || parent.getParent() == null) {
                throw new IllegalStateException("cannot tell the distribution directory; set -D" + HOME_PROPERTY);
            }
            return parent.getParent();
        } catch (URISyntaxException | SecurityException e) {
            throw new IllegalStateException("cannot tell the distribution directory; set -D" + HOME_PROPERTY);
        }
    }

    private static String describe(Map<String, String> server) {
        String address = server.getOrDefault("clientPortAddress", "0.0.0.0");
        String port = server.get("clientPort");
        return (port == null ? "no clientPort" : "client port " + address + ":" + port)
                + ", dataDir " + server.get("dataDir")
                + ", transport " + server.get(ZooCfg.TRANSPORT) + ", storage " + server.get(ZooCfg.STORAGE);
    }

    private static String version() {
        return Optional.ofNullable(PaddockLauncher.class.getPackage().getImplementationVersion()).orElse("(dev)");
    }

    private static String message(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = t.getMessage();
        if (root != t && root.getMessage() != null) {
            m = (m == null ? "" : m + ": ") + root.getMessage();
        }
        return m == null ? t.getClass().getName() : m;
    }

    /**
     * Deletes run directories left by servers that were killed (SIGKILL skips the shutdown
     * hook). Only directories named paddock-PID-* whose PID is gone and that look like ours.
     */
    private static void removeAbandonedRunDirs(Path tmp, ConsoleLog log) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, RUN_DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                Matcher m = RUN_DIR.matcher(dir.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(dir) || !Files.isDirectory(dir.resolve("conf"))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) {
                    log.debug("removing " + dir + ", left by process " + pid);
                    deleteRecursively(dir, log);
                }
            }
        } catch (IOException e) {
            log.warn("cannot look for abandoned run directories in " + tmp + ": " + e.getMessage());
        }
    }

    private static void deleteRecursively(Path dir, ConsoleLog log) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot delete " + dir + ": " + e.getMessage());
        }
    }

    private static Map<String, String> loggingDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("org.slf4j.simpleLogger.defaultLogLevel", "info");
        d.put("org.slf4j.simpleLogger.showDateTime", "true");
        d.put("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        d.put("org.slf4j.simpleLogger.showThreadName", "true");
        d.put("org.slf4j.simpleLogger.logFile", "System.err");
        // SPI Fly logs through java.util.logging: one line each, shaped like the others.
        d.put("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL%1$tz [jul] %4$s %3$s - %5$s%6$s%n");
        return Map.copyOf(d);
    }
}
