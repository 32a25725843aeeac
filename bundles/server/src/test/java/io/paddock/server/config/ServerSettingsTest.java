package io.paddock.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {
    private final Path dir = Path.of("/data");

    @Test
    void enforcedAuthAcceptsOnlySchemesThisServerHas() {
        assertThat(ServerSettings.builder(dir).enforceAuthSchemes(Set.of("sasl", "digest")).build()
                .enforceAuthSchemes()).containsExactlyInAnyOrder("sasl", "digest");
        assertThatThrownBy(() -> ServerSettings.builder(dir).enforceAuthSchemes(Set.of("sasl", "kerberos")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Authentication scheme kerberos is not available.");
    }

    @Test
    void saslIsOffAndUnenforcedByDefault() {
        ServerSettings s = ServerSettings.builder(dir).build();

        assertThat(s.sasl()).isEqualTo(SaslSettings.NONE);
        assertThat(s.sasl().jaasConfig()).isNull();
        assertThat(s.sasl().serverSection()).isEqualTo("Server");
        assertThat(s.enforceAuthSchemes()).isEmpty();
    }

    @Test
    void anEmptySuperUserOrSectionMeansTheDefault() {
        SaslSettings s = new SaslSettings(dir.resolve("jaas.conf"), " ", "", false);

        assertThat(s.serverSection()).isEqualTo("Server");
        assertThat(s.superUser()).isNull();
    }
}
