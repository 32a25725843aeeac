package io.paddock.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransportCommandTest {

    @Test
    void showsWhatIsConfiguredInstalledAndServing() {
        assertThat(TransportCommand.describe("nio", "(paddock.transport=nio)", List.of("netty", "nio"), "nio"))
                .isEqualToNormalizingNewlines("""
                        Configured: nio (paddock.transport=nio)
                        Installed:  [netty, nio]
                        Serving:    nio
                        """);
    }

    @Test
    void targetThatDisagreesWithTheKeyIsPointedOut() {
        assertThat(TransportCommand.describe("netty", "(paddock.transport=nio)", List.of("nio"), null))
                .contains("Serving:    no server is running")
                .contains("note: transport.target does not match transport; paddock:transport netty sets both");
    }

    @Test
    void configurationWithoutTheKeysMeansNio() {
        assertThat(TransportCommand.describe(null, null, List.of("nio"), "nio"))
                .startsWith("Configured: nio" + System.lineSeparator()).doesNotContain("note:");
    }

    @Test
    void targetFilterNamesTheTransportProperty() {
        assertThat(TransportCommand.target("netty")).isEqualTo("(paddock.transport=netty)");
    }
}
