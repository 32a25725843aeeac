package io.paddock.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The secure client port's TLS, from ZooKeeper's {@code ssl.*} keys.
 *
 * @param keyStore      the server's key and certificate
 * @param trustStore    what client certificates must chain to; null for the JDK's default trust
 * @param clientAuth    {@code none}, {@code want} or {@code need}
 * @param protocols     enabled protocols; empty for the JDK's defaults
 * @param cipherSuites  enabled cipher suites; empty for the JDK's defaults
 * @param x509SuperUser the certificate subject that is super, or null
 */
public record TlsSettings(Path keyStore, String keyStorePassword, String keyStoreType, Path trustStore,
                          String trustStorePassword, String trustStoreType, String clientAuth, List<String> protocols,
                          List<String> cipherSuites, String x509SuperUser) {
    public TlsSettings {
        if (!List.of("none", "want", "need").contains(clientAuth)) {
            throw new IllegalArgumentException("ssl.clientAuth must be none, want or need, not " + clientAuth);
        }
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }
}
