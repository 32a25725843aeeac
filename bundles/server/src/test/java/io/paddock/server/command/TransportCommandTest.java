package io.paddock.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransportCommandTest {

    @Test
    void showsWhatIsConfiguredInstalledAndServing() {
        assertThat(TransportCommand.describe("netty", List.of("netty", "nio"), "nio"))
                .isEqualToNormalizingNewlines("""
                        Configured: netty
                        Installed:  [netty, nio]
                        Serving:    nio
                        """);
    }

    @Test
    void configurationWithoutTheKeyMeansNioAndNoServerIsSaid() {
        assertThat(TransportCommand.describe(null, List.of("nio"), null))
                .startsWith("Configured: nio" + System.lineSeparator())
                .contains("Serving:    no server is running");
    }
}
