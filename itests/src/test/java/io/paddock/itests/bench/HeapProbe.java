package io.paddock.itests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Used heap of another JVM after a full GC, through {@code jcmd <pid> GC.run} and {@code GC.heap_info}. */
final class HeapProbe {
    private static final long TIMEOUT_S = 120;
    private static final int READINGS = 8;
    // G1: " garbage-first heap   total 1048576K, used 23456K [0x..., 0x...)"
    private static final Pattern USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final Path jcmd;

    HeapProbe() {
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(inJdk) ? inJdk : Path.of("jcmd");
    }

    /**
     * Used heap after a full GC once it has settled: a server may still be writing a snapshot
     * (and holding its buffers) just after a fill, so readings are repeated until two agree
     * within 1 % (at most {@value #READINGS} readings, the last one counting).
     */
    long settledUsedAfterFullGc(long pid) {
        long previous = usedAfterFullGc(pid);
        for (int i = 1; i < READINGS; i++) {
            long used = usedAfterFullGc(pid);
            if (Math.abs(used - previous) <= used / 100) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Forces a full GC in {@code pid} (twice, so that finalisable garbage goes too) and returns its used heap in bytes. */
    long usedAfterFullGc(long pid) {
        run(pid, "GC.run");
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no used heap in jcmd " + pid + " GC.heap_info:\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String run(long pid, String command) {
        try {
            Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " took over " + TIMEOUT_S + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in jcmd " + command, e);
        }
    }
}
