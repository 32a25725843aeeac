package io.paddock.transport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed server and client certificates made with the JDK's keytool at test time, and the
 * SSLContexts built from them the way a server builds its own from ssl.keyStore / ssl.trustStore.
 */
public final class TestKeystores {
    public static final char[] PASSWORD = "changeit".toCharArray();

    public final Path serverKeys;
    public final Path clientKeys;
    /** Trusts the client's certificate. */
    public final Path serverTrust;
    /** Trusts the server's certificate. */
    public final Path clientTrust;

    private TestKeystores(Path dir) {
        serverKeys = dir.resolve("server.p12");
        clientKeys = dir.resolve("client.p12");
        serverTrust = dir.resolve("server-trust.p12");
        clientTrust = dir.resolve("client-trust.p12");
    }

    public static TestKeystores create(Path dir) throws IOException, InterruptedException {
        TestKeystores stores = new TestKeystores(dir);
        stores.keyPair(stores.serverKeys, "server", "CN=paddock-server", "SAN=ip:127.0.0.1,dns:localhost");
        stores.keyPair(stores.clientKeys, "client", "CN=paddock-client", null);
        Path serverCert = dir.resolve("server.pem");
        Path clientCert = dir.resolve("client.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", stores.serverKeys.toString(),
                "-storepass", new String(PASSWORD), "-file", serverCert.toString());
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", stores.clientKeys.toString(),
                "-storepass", new String(PASSWORD), "-file", clientCert.toString());
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", clientCert.toString(), "-storetype",
                "PKCS12", "-keystore", stores.serverTrust.toString(), "-storepass", new String(PASSWORD));
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", serverCert.toString(), "-storetype",
                "PKCS12", "-keystore", stores.clientTrust.toString(), "-storepass", new String(PASSWORD));
        return stores;
    }

    private void keyPair(Path store, String alias, String dname, String ext)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", new String(PASSWORD)));
        if (ext != null) {
            args.add("-ext");
            args.add(ext);
        }
        keytool(args.toArray(String[]::new));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    /**
     * An SSLContext from a key store (null for none: this side presents no certificate) and a
     * trust store, as a server builds one from ZooKeeper's ssl.keyStore.* and ssl.trustStore.*.
     */
    public static SSLContext context(Path keyStore, Path trustStore) throws Exception {
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD);
        }
        return store;
    }
}
