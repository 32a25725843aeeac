package io.paddock.itests.process;

import io.paddock.api.testkit.Loopback;
import io.paddock.api.testkit.RawClient;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The assembled distribution's {@code bin/paddock <zoo.cfg>} as a child process, the way an
 * operator runs it: the JVM is the process, so {@link #stop()} is SIGTERM and {@link #kill()}
 * is SIGKILL. The data directory survives restarts; {@link #start()} again reuses port and data.
 *
 * <p>Output (stdout and stderr) of every start is appended to {@code target/process-logs/<name>.log}
 * so that a failed run can be read afterwards; failures quote its tail.
 *
 * <p>Public for the ensemble tests ({@code io.paddock.itests.ensemble}), whose members are these.
 */
public final class PaddockProcess implements AutoCloseable {
    public static final Path HOME = Path.of(System.getProperty("paddock.home", "../distribution/target/paddock"))
            .toAbsolutePath().normalize();
    public static final int MIN_SESSION_TIMEOUT = 400;

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "process-logs").toAbsolutePath();

    private final Path dir;
    private final int port;
    private final Path config;
    private final Path log;
    private Process process;
    private Thread pump;
    private int starts;

    /** A server in {@code dir} on a free loopback port, with the standard test configuration. */
    public PaddockProcess(Path dir, String name) {
        this(dir, name, Loopback.freePort(), cfg -> { });
    }

    /**
     * A server in {@code dir} on {@code port}; {@code configure} may change or remove entries of
     * the standard configuration before zoo.cfg is written.
     */
    public PaddockProcess(Path dir, String name, int port, Consumer<Map<String, String>> configure) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.config = this.dir.resolve("zoo.cfg");
        this.log = LOGS.resolve(name + ".log");
        Map<String, String> cfg = new LinkedHashMap<>();
        // A short tick makes expiry fast: minSessionTimeout is 2 ticks. The maximum is raised so
        // that clients asking for 30 s ride out a busy machine without a spurious disconnect.
        cfg.put("tickTime", "200");
        cfg.put("minSessionTimeout", Integer.toString(MIN_SESSION_TIMEOUT));
        cfg.put("maxSessionTimeout", "60000");
        cfg.put("dataDir", this.dir.resolve("data").toString());
        cfg.put("clientPort", Integer.toString(port));
        cfg.put("clientPortAddress", "127.0.0.1");
        cfg.put("4lw.commands.whitelist", "*");
        configure.accept(cfg);
        try {
            Files.createDirectories(this.dir.resolve("tmp"));
            Files.createDirectories(LOGS);
            Files.writeString(config, cfg.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the server and starts it; it answers ruok when this returns. */
    public static PaddockProcess started(Path dir, String name) {
        PaddockProcess p = new PaddockProcess(dir, name);
        try {
            p.start();
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return p;
    }

    public int port() {
        return port;
    }

    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public Path config() {
        return config;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public long pid() {
        return process.pid();
    }

    /**
     * {@code bin/paddock <zoo.cfg>} in the server's directory, with this JVM's Java and a private
     * java.io.tmpdir (the launcher's run directory, which a SIGKILL leaves behind), and no
     * redirections yet.
     */
    public ProcessBuilder command() {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("bin/paddock").toString(), config.toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -Djava.io.tmpdir=" + dir.resolve("tmp"));
        return pb;
    }

    /** Starts the server (again, on the same port and data) and waits until it answers ruok. */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running as pid " + process.pid());
        }
        starts++;
        try {
            Files.writeString(log, "=== start " + starts + " at " + Instant.now() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = command().redirectErrorStream(true).start();
            pump = pumpOutput(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("paddock exited with status " + process.exitValue()
                            + " before serving; " + logTail());
                }
                return answersRuok();
            });
        } catch (ConditionTimeoutException e) {
            close();
            throw new AssertionError("paddock did not answer ruok on port " + port + " within "
                    + STARTUP.toSeconds() + " s; " + logTail(), e);
        }
    }

    /**
     * Ready means ruok answers imok; where ruok is left out of the whitelist, srvr (always allowed,
     * protocol.md 15) reporting a mode stands in for it.
     */
    private boolean answersRuok() {
        try {
            String ruok = fourLetterWord("ruok");
            return ruok.equals("imok")
                    || ruok.contains("not in the whitelist") && fourLetterWord("srvr").contains("Mode: standalone");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a four-letter word on a fresh connection and returns everything until the server closes. */
    public String fourLetterWord(String word) throws IOException {
        return RawClient.fourLetterWord(port, word);
    }

    /** SIGTERM, then waits for the exit; returns the exit status (143 for a clean stop). */
    public int stop() {
        if (process == null) {
            throw new IllegalStateException("never started");
        }
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError("paddock did not stop within " + SHUTDOWN.toSeconds()
                        + " s of SIGTERM and was killed; " + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while stopping paddock", e);
        }
        return process.exitValue();
    }

    /** SIGKILL, then waits for the exit; returns the exit status (137). */
    public int kill() {
        if (process == null) {
            throw new IllegalStateException("never started");
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("paddock survived SIGKILL for " + SHUTDOWN.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing paddock", e);
        }
        return process.exitValue();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Whether a line of this server's log (of any of its starts) contains {@code fragment}. */
    public boolean logged(String fragment) {
        return !logLines(fragment).isEmpty();
    }

    /** The lines of this server's log (of all its starts) that contain {@code fragment}. */
    public List<String> logLines(String fragment) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(fragment)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the server's output into its log file from this JVM, so the log is complete even when
     * the server itself may not write files (a test lowering its file size limit).
     */
    private Thread pumpOutput(Process p) {
        Thread t = new Thread(() -> {
            try (InputStream in = p.getInputStream();
                 OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process is gone; what it wrote so far is in the log
            }
        }, "paddock-output-" + log.getFileName());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The last lines of this server's log, for failure messages. */
    public String logTail() {
        if (process != null && !process.isAlive() && pump != null) {
            try {
                pump.join(2000); // what a dead server last wrote is still on its way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    /** A stock client connected to this server (session timeout 30 s). */
    public ZooKeeper connect() throws IOException, InterruptedException {
        return connect(30_000);
    }

    /** A stock client connected to this server; waits (bounded) for SyncConnected. */
    public ZooKeeper connect(int sessionTimeout) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString(), sessionTimeout, e -> {
            if (e.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("no session with paddock on port " + port + " within 30 s; " + logTail());
        }
        return zk;
    }

    /** Always leaves the process stopped: SIGTERM, and SIGKILL if that does not end it. */
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
