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
import java.util.function.BooleanSupplier;

/**
 * A {@link CrashWriter} running as a child JVM, and what it acknowledged. Its stdout goes to a
 * file rather than a pipe, so nothing it wrote before the kill can be lost on our side; only
 * whole lines count, a line cut short by the kill is ignored. Closing kills it if it still runs.
 */
final class WriterProcess implements AutoCloseable {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final Process process;
    private final Path stderr;
    private final InputStream acks;
    private final StringBuilder partialLine = new StringBuilder();
    private long opened = -1;
    private long lastAcked = -1;
    private long ackCount;
    private long writesBegun;
    private long removalsBegun;
    private final List<String> transcript = new ArrayList<>();

    private WriterProcess(Process process, Path stdout, Path stderr) throws IOException {
        this.process = process;
        this.stderr = stderr;
        this.acks = Files.newInputStream(stdout);
    }

    /** Starts a writer; its output goes to {@code <logPrefix>.out} and {@code <logPrefix>.err}. */
    static WriterProcess start(String mode, String backendClass, StorageOptions options, long seed, Path logPrefix)
            throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), mode, backendClass,
                options.dataDir().toString(), options.dataLogDir().toString(),
                Integer.toString(options.maxRecordLength()), Long.toString(options.preallocBytes()), Long.toString(seed));
        Path stdout = Path.of(logPrefix + ".out");
        Path stderr = Path.of(logPrefix + ".err");
        Files.deleteIfExists(stdout);
        Files.createFile(stdout);
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            return new WriterProcess(process, stdout, stderr);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Reads the lines the writer completed since the last call. */
    private void readAcks() throws IOException {
        byte[] fresh = acks.readNBytes(acks.available());
        for (byte b : fresh) {
            if (b != '\n') {
                partialLine.append((char) b);
                continue;
            }
            String text = partialLine.toString();
            partialLine.setLength(0);
            transcript.add(text);
            if (text.startsWith("open ")) {
                opened = Long.parseLong(text.substring(5));
            } else if (text.startsWith("writing ")) {
                writesBegun++;
            } else if (text.startsWith("removing ")) {
                removalsBegun++;
            } else if (!text.startsWith("removed ")) {
                long zxid = Long.parseLong(text);
                if (zxid <= lastAcked) {
                    throw new IllegalStateException("the crash writer acknowledged " + zxid + " after " + lastAcked);
                }
                lastAcked = zxid;
                ackCount++;
            }
        }
    }

    /** Waits until the writer reports it opened the backend; returns the zxid it found. */
    long awaitOpened() {
        awaitOutput("writer open", Duration.ofMillis(5), () -> opened >= 0);
        return opened;
    }

    /** Waits until at least {@code count} acknowledgements arrived. */
    void awaitAcks(long count) {
        awaitOutput("acknowledgements", Duration.ofMillis(1), () -> ackCount >= count);
    }

    /** Waits until at least {@code count} snapshot writes began, looking every {@code poll}: a coarser poll kills later in the write. */
    void awaitWritesBegun(long count, Duration poll) {
        awaitOutput("snapshot writes", poll, () -> writesBegun >= count);
    }

    /** Waits until at least {@code count} snapshot removals began. */
    void awaitRemovalsBegun(long count) {
        awaitOutput("snapshot removals", Duration.ofMillis(1), () -> removalsBegun >= count);
    }

    /** Every whole line the writer printed so far, in order. */
    List<String> transcript() {
        return List.copyOf(transcript);
    }

    private void awaitOutput(String what, Duration poll, BooleanSupplier done) {
        await(what).atMost(BOUND).pollDelay(poll).pollInterval(poll).pollInSameThread()
                .until(() -> {
                    boolean alive = process.isAlive();
                    // Read after looking: whatever a dead writer printed is in the file by now.
                    readAcks();
                    if (done.getAsBoolean()) {
                        return true;
                    }
                    if (!alive) {
                        throw new AssertionError("the crash writer exited with " + process.exitValue() + ":\n"
                                + stderrText());
                    }
                    return false;
                });
    }

    /** Sends SIGKILL and waits, bounded, for the process to end; returns the last zxid acknowledged. */
    long kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the crash writer did not die within " + BOUND);
        }
        readAcks();
        return lastAcked;
    }

    String stderrText() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        try {
            acks.close();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
