package io.paddock.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the assembled {@code target/paddock/bin/paddock} as a child process, as an operator
 * would, with stdin not a terminal.
 */
class LauncherIT {

    private static final Path HOME = Path.of(System.getProperty("paddock.home", "target/paddock")).toAbsolutePath();

    @TempDir
    Path dir;

    private Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process start(String javaOpts, String... args) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new java.util.ArrayList<>(List.of(HOME.resolve("bin/paddock").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp + " " + javaOpts);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(reader: " + e + ")");
            }
        }, "paddock-it-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private boolean printed(String text) {
        return output.stream().anyMatch(l -> l.contains(text));
    }

    private List<String> bundleLines() {
        return output.stream().filter(l -> l.contains("DEBUG io.paddock.launcher - bundle ")).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBadZooCfgEndsWithOneLineOnStderrAndStatus2() throws Exception {
        Files.writeString(dir.resolve("zoo.cfg"), "dataDir=data\nclientPort=twenty\n");

        Process p = start("", "zoo.cfg");

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> printed("paddock:"));
        assertThat(output).containsExactly("paddock: zoo.cfg: clientPort must be a whole number, not 'twenty'");
    }

    @Test
    void startsEveryBundleFeedsTheConfigurationAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("zoo.cfg"),
                "tickTime=2000\ndataDir=./data\nclientPort=" + port + "\nclientPortAddress=127.0.0.1\n");

        start("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug -Dfelix.fileinstall.log.level=3", "zoo.cfg");

        // One line per bundle: the system bundle, and every jar in bundle/ but the Gogo shell.
        long bundles;
        try (Stream<Path> jars = Files.list(HOME.resolve("bundle"))) {
            bundles = jars.count();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> bundleLines().size() == bundles);
        await().atMost(Duration.ofSeconds(30)).until(() -> printed("Creating configuration {io.paddock.server}"));
        assertThat(output).noneMatch(l -> l.contains("bundles not active"));
        assertThat(bundleLines())
                .allMatch(l -> l.contains(" ACTIVE ") || l.contains("(fragment)"))
                .anyMatch(l -> l.contains("io.paddock.server "))
                .anyMatch(l -> l.contains("org.apache.felix.scr "))
                .noneMatch(l -> l.contains("org.apache.felix.gogo.shell"));
        String source = "starting from " + dir.resolve("zoo.cfg").toRealPath();
        assertThat(output).anyMatch(l -> l.contains(source));
        try (Stream<Path> runDirs = Files.list(dir.resolve("tmp"))) {
            assertThat(runDirs.map(p -> p.getFileName().toString()))
                    .as("run directories; output:%n%s", String.join("\n", output))
                    .anyMatch(n -> n.startsWith("paddock-" + process.pid() + "-"));
        }

        process.destroy(); // SIGTERM

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }
}
