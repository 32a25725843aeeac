package io.paddock.server.cnxn;

import io.paddock.api.transport.TransportOptions;
import io.paddock.server.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the secure client port's TLS from ZooKeeper's ssl.* settings, as ZooKeeper's X509Util does. */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static TransportOptions.Tls of(TlsSettings s) throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            char[] keyPassword = password(s.keyStorePassword());
            keys.init(load(s.keyStore(), s.keyStoreType(), keyPassword), keyPassword);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(s.trustStore() == null ? null
                    : load(s.trustStore(), s.trustStoreType(), password(s.trustStorePassword())));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new TransportOptions.Tls(context, clientAuth(s.clientAuth()), s.protocols(), s.cipherSuites());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from " + s.keyStore() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String type, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type == null ? typeOf(file) : type.toUpperCase(Locale.ROOT));
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    /** As ZooKeeper guesses a store's type when none is given: by the file's extension. */
    private static String typeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static char[] password(String p) {
        return p == null ? new char[0] : p.toCharArray();
    }

    private static TransportOptions.ClientAuth clientAuth(String mode) {
        return switch (mode) {
            case "none" -> TransportOptions.ClientAuth.NONE;
            case "want" -> TransportOptions.ClientAuth.WANT;
            default -> TransportOptions.ClientAuth.NEED;
        };
    }
}
