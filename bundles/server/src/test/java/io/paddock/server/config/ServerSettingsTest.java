package io.paddock.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Test
    void toBuilderGivesBackTheSameSettingsSoOnlyWhatIsChangedDiffers() {
        ServerSettings s = ServerSettings.builder(dir).tickTime(500).sessionTimeouts(1000, 9000)
                .clientAddress(new InetSocketAddress("127.0.0.1", 2181)).maxClientCnxns(7)
                .fourLetterWords(Set.of("ruok", "srvr")).extendedTypesEnabled(true).maxBuffer(4096).snapCount(77)
                .preAllocBytes(1024).transport("netty").storage("rocksdb").containerReaper(5, 6, 7)
                .superDigest("super:x").enforceQuota(true).enforceAuthSchemes(Set.of("x509"))
                .autopurge(5, Duration.ofHours(2))
                .secureClient(new InetSocketAddress("127.0.0.1", 2281), new TlsSettings(dir.resolve("k.p12"), "pw",
                        null, null, null, null, "want", List.of("TLSv1.3"), List.of(), "CN=admin"))
                .build();

        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.toBuilder().transport("nio").build()).isNotEqualTo(s)
                .isEqualTo(s.toBuilder().transport("nio").build());
    }

    @Test
    void aSecurePortNeedsAKeyStoreAndAKnownClientAuthMode() {
        InetSocketAddress secure = new InetSocketAddress("127.0.0.1", 2281);
        assertThatThrownBy(() -> ServerSettings.builder(dir).secureClient(secure, null))
                .hasMessageContaining("ssl.keyStore.location");
        assertThatThrownBy(() -> new TlsSettings(dir, null, null, null, null, null, "maybe", List.of(), List.of(), null))
                .hasMessageContaining("none, want or need");
    }
}
