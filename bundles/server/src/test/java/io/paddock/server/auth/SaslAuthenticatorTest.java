package io.paddock.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DIGEST-MD5 server side against the JDK's own SASL client, set up as ZooKeeper's client
 * sets it up (protocol {@code zookeeper}, server name {@code zk-sasl-md5}, no initial response).
 */
public class SaslAuthenticatorTest {
    @TempDir
    Path dir;

    private final SaslAuthenticator authenticator = new SaslAuthenticator(Map.of("alice", "secret", "bob", "pw"));

    /** A client as ZooKeeper's: the user name also as authorization id. */
    public static SaslClient client(String user, String password) throws SaslException {
        return Sasl.createSaslClient(new String[] {"DIGEST-MD5"}, user, "zookeeper", "zk-sasl-md5", null,
                callbacks -> {
                    for (Callback c : callbacks) {
                        if (c instanceof NameCallback nc) {
                            nc.setName(user);
                        } else if (c instanceof PasswordCallback pc) {
                            pc.setPassword(password.toCharArray());
                        } else if (c instanceof RealmCallback rc) {
                            rc.setText(rc.getDefaultText());
                        }
                    }
                });
    }

    /** Runs the exchange to its end; the server's SaslException, if any, comes out. */
    static void exchange(SaslClient client, SaslServer server) throws SaslException {
        byte[] challenge = server.evaluateResponse(new byte[0]);
        while (!server.isComplete()) {
            challenge = server.evaluateResponse(client.evaluateChallenge(challenge));
        }
        client.evaluateChallenge(challenge);
    }

    @Test
    void rightPasswordCompletesWithTheUserAsAuthorizationId() throws Exception {
        SaslClient client = client("alice", "secret");
        SaslServer server = authenticator.newServer();

        exchange(client, server);

        assertThat(server.isComplete()).isTrue();
        assertThat(client.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
        assertThat(server.getMechanismName()).isEqualTo("DIGEST-MD5");
    }

    @Test
    void eachUserGetsOnlyItsOwnPassword() throws Exception {
        SaslServer server = authenticator.newServer();

        assertThatThrownBy(() -> exchange(client("bob", "secret"), server)).isInstanceOf(SaslException.class);
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void wrongPasswordFails() throws Exception {
        SaslServer server = authenticator.newServer();

        assertThatThrownBy(() -> exchange(client("alice", "guess"), server)).isInstanceOf(SaslException.class);
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void unknownUserFails() throws Exception {
        SaslServer server = authenticator.newServer();

        assertThatThrownBy(() -> exchange(client("mallory", "secret"), server))
                .isInstanceOf(SaslException.class);
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void usersComeFromTheUserOptionsOfTheJaasSection() throws Exception {
        Path jaas = dir.resolve("jaas.conf");
        Files.writeString(jaas, """
                Server {
                    org.apache.zookeeper.server.auth.DigestLoginModule required
                    user_alice="secret"
                    user_super="root"
                    username="ignored";
                };
                Client {
                    org.apache.zookeeper.server.auth.DigestLoginModule required
                    username="alice"
                    password="secret";
                };
                """);

        SaslAuthenticator fromFile = SaslAuthenticator.fromJaas(jaas, "Server");
        SaslServer server = fromFile.newServer();
        exchange(client("super", "root"), server);

        assertThat(server.getAuthorizationID()).isEqualTo("super");
        assertThatThrownBy(() -> exchange(client("username", "ignored"), fromFile.newServer()))
                .isInstanceOf(SaslException.class);
        assertThat(SaslAuthenticator.fromJaas(jaas, "Other")).isNull();
    }

    @Test
    void unreadableOrBrokenJaasFileIsAnError() throws Exception {
        assertThatThrownBy(() -> SaslAuthenticator.fromJaas(dir.resolve("missing.conf"), "Server"))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.conf");
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "Server { no semicolon");
        assertThatThrownBy(() -> SaslAuthenticator.fromJaas(broken, "Server"))
                .isInstanceOf(IOException.class).hasMessageContaining("broken.conf");
    }
}
