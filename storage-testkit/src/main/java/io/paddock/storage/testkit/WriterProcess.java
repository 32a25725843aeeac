package io.paddock.storage.testkit;

import static org.awaitility.Awaitility.await;

import io.paddock.api.storage.StorageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CrashWriter} running as a child JVM, and what it acknowledged. Only whole lines
 * count: a line cut short by the kill is ignored. Closing kills it if it still runs.
 */
final class WriterProcess implements AutoCloseable {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final Process process;
    private final Path stderr;
    private final Thread reader;
    private final AtomicLong opened = new AtomicLong(-1);
    private final AtomicLong lastAcked = new AtomicLong(-1);
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicLong writesBegun = new AtomicLong();
    private final List<String> protocolErrors = new ArrayList<>();

    private WriterProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readAcks, "paddock-crash-writer-acks");
        reader.setDaemon(true);
        reader.start();
    }

    static WriterProcess start(String mode, String backendClass, StorageOptions options, long seed, Path stderr)
            throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), mode, backendClass,
                options.dataDir().toString(), options.dataLogDir().toString(),
                Integer.toString(options.maxRecordLength()), Long.toString(options.preallocBytes()), Long.toString(seed));
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectError(stderr.toFile())
                .start();
        return new WriterProcess(process, stderr);
    }

    private void readAcks() {
        try (InputStream in = process.getInputStream()) {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                if (text.startsWith("open ")) {
                    opened.set(Long.parseLong(text.substring(5)));
                } else if (text.startsWith("writing ")) {
                    writesBegun.incrementAndGet();
                } else {
                    long zxid = Long.parseLong(text);
                    if (zxid <= lastAcked.get()) {
                        synchronized (protocolErrors) {
                            protocolErrors.add("acknowledged " + zxid + " after " + lastAcked.get());
                        }
                    }
                    lastAcked.set(zxid);
                    ackCount.incrementAndGet();
                }
            }
        } catch (IOException | NumberFormatException e) {
            synchronized (protocolErrors) {
                protocolErrors.add(e.toString());
            }
        }
    }

    /** Waits until the writer reports it opened the backend; returns the zxid it found. */
    long awaitOpened() {
        await("writer open").atMost(BOUND).pollInterval(Duration.ofMillis(5))
                .failFast("the crash writer died", this::assertAlive)
                .until(() -> opened.get() >= 0);
        return opened.get();
    }

    /** Waits until at least {@code count} acknowledgements arrived. */
    void awaitAcks(long count) {
        await("acknowledgements").atMost(BOUND).pollInterval(Duration.ofMillis(1))
                .failFast("the crash writer died", this::assertAlive)
                .until(() -> ackCount.get() >= count);
    }

    /** Waits until at least {@code count} snapshot writes began, looking every {@code poll}: a coarser poll kills later in the write. */
    void awaitWritesBegun(long count, Duration poll) {
        await("snapshot writes").atMost(BOUND).pollDelay(poll).pollInterval(poll)
                .failFast("the crash writer died", this::assertAlive)
                .until(() -> writesBegun.get() >= count);
    }

    private void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the crash writer exited with " + process.exitValue() + ":\n" + stderrText());
        }
    }

    /** Sends SIGKILL and waits, bounded, for the process and its output to end; returns the last zxid acknowledged. */
    long kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the crash writer did not die within " + BOUND);
        }
        reader.join(BOUND.toMillis());
        synchronized (protocolErrors) {
            if (!protocolErrors.isEmpty()) {
                throw new IllegalStateException("bad output from the crash writer: " + protocolErrors);
            }
        }
        return lastAcked.get();
    }

    String stderrText() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
