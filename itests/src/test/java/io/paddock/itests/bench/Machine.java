package io.paddock.itests.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The machine a run measured on, as the report states it. */
record Machine(int cores, String nproc, String os, String jvm, DiskProbe.FsyncLatency fsync, Path disk) {

    static Machine probe(Path benchDir) throws IOException {
        return new Machine(Runtime.getRuntime().availableProcessors(), countProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                DiskProbe.measure(benchDir, 200), benchDir.toAbsolutePath().normalize());
    }

    private static String countProcessors() {
        try {
            Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
