package io.paddock.itests.bench;

import io.paddock.api.testkit.Loopback;
import io.paddock.api.testkit.RawClient;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A server the benchmark measures, as a child process on a free loopback port with its own data
 * folder: Apache ZooKeeper 3.9.3 ({@code ZooKeeperServerMain} from the test class path, or
 * {@code QuorumPeerMain} for a member of an {@link Ensemble}) or Paddock ({@code bin/paddock} of
 * the distribution). All get the same zoo.cfg settings and the same JVM options, plus the zoo.cfg
 * keys of their {@link BenchServer}. {@link #stop()} is SIGTERM; the data survives for the next
 * {@link #start}. Output goes to {@code <dir>/server.log}.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);
    private static final Pattern NODE_COUNT = Pattern.compile("Node count: (\\d+)");
    private static final Pattern MODE = Pattern.compile("Mode: (\\w+)");
    private static final Pattern ZXID = Pattern.compile("Zxid: (0x[0-9a-f]+)");
    private static final Pattern OUTSTANDING = Pattern.compile("Outstanding: (\\d+)");

    private final String name;
    private final Path dir;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private ServerUnderTest(String name, Path dir, int port, List<String> command, Map<String, String> environment) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = dir.resolve("server.log");
    }

    /** Apache ZooKeeper 3.9.3 as {@code name} in {@code dir} (wiped first), run from {@code classPath}. */
    static ServerUnderTest zookeeper(String name, Path dir, ServerSettings settings, Map<String, String> config,
                                     String classPath) {
        int port = Loopback.freePort();
        Path cfg = writeConfig(dir, port, settings, config, OptionalLong.empty());
        return new ServerUnderTest(name, dir, port,
                zooKeeperCommand("org.apache.zookeeper.server.ZooKeeperServerMain", dir, settings, cfg, classPath),
                Map.of());
    }

    /**
     * A member of an Apache ZooKeeper 3.9.3 ensemble ({@code QuorumPeerMain}) as {@code name} in
     * {@code dir} (wiped first), serving clients on {@code clientPort}, with {@code sid} in
     * {@code dataDir/myid}; {@code config} holds the keys all members share ({@code server.N},
     * {@code initLimit}, {@code syncLimit}) besides its kind's.
     */
    static ServerUnderTest zookeeperPeer(String name, Path dir, int clientPort, long sid, ServerSettings settings,
                                         Map<String, String> config, String classPath) {
        Path cfg = writeConfig(dir, clientPort, settings, config, OptionalLong.of(sid));
        return new ServerUnderTest(name, dir, clientPort,
                zooKeeperCommand("org.apache.zookeeper.server.quorum.QuorumPeerMain", dir, settings, cfg, classPath),
                Map.of());
    }

    private static List<String> zooKeeperCommand(String mainClass, Path dir, ServerSettings settings, Path cfg,
                                                 String classPath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome().resolve("bin/java").toString());
        cmd.addAll(settings.jvmOptions());
        cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        // The AdminServer would take port 8080 (and a Jetty); Paddock has none.
        cmd.add("-Dzookeeper.admin.enableServer=false");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.add(cfg.toString());
        return cmd;
    }

    /** Paddock from the distribution at {@code home} as {@code name}, in {@code dir} (wiped first). */
    static ServerUnderTest paddock(String name, Path dir, ServerSettings settings, Map<String, String> config,
                                   Path home) {
        int port = Loopback.freePort();
        Path cfg = writeConfig(dir, port, settings, config, OptionalLong.empty());
        return paddockProcess(name, dir, port, settings, cfg, home);
    }

    /**
     * A member of a Paddock ensemble, from the distribution at {@code home}, as {@code name} in
     * {@code dir} (wiped first), serving clients on {@code clientPort}, with {@code sid} in
     * {@code dataDir/myid}; {@code config} as for {@link #zookeeperPeer}.
     */
    static ServerUnderTest paddockPeer(String name, Path dir, int clientPort, long sid, ServerSettings settings,
                                       Map<String, String> config, Path home) {
        Path cfg = writeConfig(dir, clientPort, settings, config, OptionalLong.of(sid));
        return paddockProcess(name, dir, clientPort, settings, cfg, home);
    }

    private static ServerUnderTest paddockProcess(String name, Path dir, int port, ServerSettings settings, Path cfg,
                                                  Path home) {
        List<String> opts = new ArrayList<>(settings.jvmOptions());
        opts.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        return new ServerUnderTest(name, dir, port,
                List.of(home.resolve("bin/paddock").toString(), cfg.toString()),
                Map.of("JAVA_HOME", javaHome().toString(), "JAVA_OPTS", String.join(" ", opts)));
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static Path writeConfig(Path dir, int port, ServerSettings settings, Map<String, String> extra,
                                    OptionalLong myId) {
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("tickTime", Integer.toString(settings.tickTime()));
        cfg.put("dataDir", dir.resolve("data").toString());
        cfg.put("clientPort", Integer.toString(port));
        cfg.put("clientPortAddress", "127.0.0.1");
        cfg.put("4lw.commands.whitelist", "*");
        // The fan-out opens more sessions from 127.0.0.1 than the default limit of 60 allows.
        cfg.put("maxClientCnxns", "0");
        cfg.put("snapCount", Integer.toString(settings.snapCount()));
        cfg.put("preAllocSize", Long.toString(settings.preAllocSizeKb()));
        cfg.putAll(extra);
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir.resolve("tmp"));
            if (myId.isPresent()) {
                Path data = Files.createDirectories(dir.resolve("data"));
                Files.writeString(data.resolve("myid"), myId.getAsLong() + "\n");
            }
            Path file = dir.resolve("zoo.cfg");
            Files.writeString(file, cfg.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a folder and everything under it; a missing folder is fine. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    String name() {
        return name;
    }

    /** The data folder its zoo.cfg names. */
    Path dataDir() {
        return dir.resolve("data");
    }

    String connectString() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Starts the process and waits (bounded) until {@code srvr} reports at least
     * {@code minNodes} nodes, that is until the data is loaded and the server serves.
     *
     * @return the time from launching the process to that answer
     */
    Duration start(long minNodes) {
        long t0 = System.nanoTime();
        launch();
        awaitServing(minNodes);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Starts the process and returns at once: a member of an ensemble serves only once enough
     * others run, so its peers are launched before anyone waits ({@link #awaitServing}).
     */
    void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " already running as pid " + process.pid());
        }
        try {
            Files.writeString(log, "=== start at " + Instant.now() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(environment);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (bounded) until {@code srvr} reports at least {@code minNodes} nodes; stops the
     * process and throws if it exits first or the bound passes.
     */
    void awaitServing(long minNodes) {
        if (process == null) {
            throw new IllegalStateException(name + " was never launched");
        }
        try {
            await().atMost(STARTUP).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with status " + process.exitValue()
                            + " before serving; see " + log);
                }
                return nodeCount() >= minNodes;
            });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException(name + " did not serve " + minNodes + " nodes within "
                    + STARTUP.toSeconds() + " s; see " + log, e);
        }
    }

    /**
     * The mode {@code srvr} reports ({@code leader}, {@code follower}, {@code standalone}), or
     * empty while the server does not answer it.
     */
    String mode() {
        try {
            Matcher m = MODE.matcher(fourLetterWord("srvr"));
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * What {@code srvr} says of the server as a replica: its mode, last zxid and requests in
     * flight ({@code "follower, zxid 0x100000042, 0 outstanding"}).
     */
    String replicaState() {
        String srvr;
        try {
            srvr = fourLetterWord("srvr");
        } catch (IOException e) {
            return "not answering srvr (" + e.getMessage() + ")";
        }
        Matcher mode = MODE.matcher(srvr);
        if (!mode.find()) {
            return "not serving";
        }
        Matcher zxid = ZXID.matcher(srvr);
        Matcher outstanding = OUTSTANDING.matcher(srvr);
        return mode.group(1) + ", zxid " + (zxid.find() ? zxid.group(1) : "?") + ", "
                + (outstanding.find() ? outstanding.group(1) : "?") + " outstanding";
    }

    /** Where the process's output goes. */
    Path log() {
        return log;
    }

    /** The node count {@code srvr} reports, or -1 while the server does not answer it. */
    long nodeCount() {
        try {
            Matcher m = NODE_COUNT.matcher(fourLetterWord("srvr"));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    String fourLetterWord(String word) throws IOException {
        return RawClient.fourLetterWord(port, word);
    }

    /** SIGTERM and a bounded wait for the exit; SIGKILL and an error if it does not end. */
    void stop() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not stop within " + SHUTDOWN.toSeconds()
                        + " s of SIGTERM and was killed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping " + name, e);
        }
    }

    /** Leaves the process stopped, whatever state it is in. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
