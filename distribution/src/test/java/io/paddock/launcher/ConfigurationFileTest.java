package io.paddock.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationFileTest {

    @TempDir
    Path dir;

    @Test
    void writesPidDotCfgThatReadsBackToTheSameStrings() throws Exception {
        Map<String, String> props = Map.of(
                "server.1", "127.0.0.1:2888:3888;2181",
                "4lw.commands.whitelist", "*",
                "transport.target", "(paddock.transport=nio)",
                "dataDir", "/tmp/with space/and\\backslash",
                "odd key=x", " leading space",
                "#notAComment", "é");

        Path file = new ConfigurationFile("io.paddock.server", props).writeTo(dir);

        assertThat(file).isEqualTo(dir.resolve("io.paddock.server.cfg"));
        Properties read = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            read.load(r);
        }
        assertThat(read).containsExactlyInAnyOrderEntriesOf(props);
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void valuesKeepTheirColonsAndEqualsSignsUnescaped() {
        String text = new ConfigurationFile("p", Map.of("server.1", "h:1:2", "t", "(a=b)")).text();

        assertThat(text).contains("server.1 = h:1:2\n").contains("t = (a=b)\n");
    }
}
