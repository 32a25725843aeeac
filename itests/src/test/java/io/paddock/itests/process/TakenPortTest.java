package io.paddock.itests.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second server pointed at a client port the first one holds. */
class TakenPortTest {
    @TempDir
    Path dir;

    @Test
    void aSecondServerOnATakenPortExitsWithOneLineAndStatus1AndTheFirstKeepsServing() throws Exception {
        try (PaddockProcess first = PaddockProcess.started(dir.resolve("first"), "TakenPortTest-first")) {
            PaddockProcess second = new PaddockProcess(dir.resolve("second"), "TakenPortTest-second", first.port(), cfg -> { });
            Path out = dir.resolve("second.out");
            Path err = dir.resolve("second.err");
            Process p = second.command().redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean exited;
            try {
                exited = p.waitFor(60, TimeUnit.SECONDS);
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            List<String> stdout = Files.readAllLines(out, UTF_8);
            List<String> stderr = Files.readAllLines(err, UTF_8);
            String output = "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);

            assertThat(exited).as("the second server exits by itself; %s", output).isTrue();
            assertThat(p.exitValue()).as("exit status; %s", output).isEqualTo(1);
            assertThat(stderr).as(output)
                    .filteredOn(l -> l.startsWith("paddock: cannot listen on"))
                    .singleElement().asString().contains(Integer.toString(first.port()));
            assertThat(stdout).as("no stack trace; %s", output)
                    .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception in thread"));
            assertThat(stderr).as("no stack trace; %s", output)
                    .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception in thread"));

            assertThat(first.fourLetterWord("ruok")).isEqualTo("imok");
            try (ZooKeeper zk = first.connect()) {
                assertThat(zk.create("/still-here", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo("/still-here");
            }
        }
    }
}
