package io.paddock.server.auth;

import io.paddock.server.config.SaslSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.URIParameter;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sasl} scheme's DIGEST-MD5 server side, set up as ZooKeeper sets it up: users and
 * passwords are the {@code user_<name>="<password>"} options of a JAAS configuration section
 * (ZooKeeper's DigestLoginModule), and each connection gets its own SaslServer for protocol
 * {@code zookeeper} and server name {@code zk-sasl-md5}, the names the stock client uses too.
 * Kerberos (GSSAPI) is not offered.
 */
public final class SaslAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(SaslAuthenticator.class);
    static final String MECHANISM = "DIGEST-MD5";
    static final String PROTOCOL = "zookeeper";
    static final String SERVER_NAME = "zk-sasl-md5";
    private static final String USER_PREFIX = "user_";

    private final Map<String, String> passwords;

    public SaslAuthenticator(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /**
     * The users of {@code section} in the JAAS file, or null if the file has no such section:
     * ZooKeeper then runs without SASL. A file that cannot be read or parsed is an error, as in
     * ZooKeeper, whose server refuses to start then.
     */
    /** The authenticator the settings ask for, or null when SASL is not configured. */
    public static SaslAuthenticator of(SaslSettings settings) throws IOException {
        return settings.jaasConfig() == null ? null : fromJaas(settings.jaasConfig(), settings.serverSection());
    }

    public static SaslAuthenticator fromJaas(Path file, String section) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read the JAAS configuration " + file);
        }
        Configuration jaas;
        try {
            jaas = Configuration.getInstance("JavaLoginConfig", new URIParameter(file.toUri()));
        } catch (NoSuchAlgorithmException | SecurityException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("cannot parse the JAAS configuration " + file + ": " + cause.getMessage(), e);
        }
        AppConfigurationEntry[] entries = jaas.getAppConfigurationEntry(section);
        if (entries == null) {
            LOG.info("no section {} in {}: SASL is not configured", section, file);
            return null;
        }
        Map<String, String> passwords = new HashMap<>();
        for (AppConfigurationEntry entry : entries) {
            if (!entry.getLoginModuleName().endsWith(".DigestLoginModule")) {
                LOG.warn("{} in section {} of {}: only DIGEST-MD5 users are supported, Kerberos is not",
                        entry.getLoginModuleName(), section, file);
            }
            entry.getOptions().forEach((key, value) -> {
                if (key.startsWith(USER_PREFIX) && value instanceof String password) {
                    passwords.put(key.substring(USER_PREFIX.length()), password);
                }
            });
        }
        LOG.info("SASL DIGEST-MD5 with {} users from section {} of {}", passwords.size(), section, file);
        return new SaslAuthenticator(passwords);
    }

    /** A server for one connection's exchange. */
    public SaslServer newServer() throws SaslException {
        SaslServer server = Sasl.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, null, new Callbacks());
        if (server == null) {
            throw new SaslException("no " + MECHANISM + " SASL server in this JVM");
        }
        return server;
    }

    /** ZooKeeper's SaslServerCallbackHandler, for DIGEST-MD5. */
    private final class Callbacks implements CallbackHandler {
        private String user;

        @Override
        public void handle(Callback[] callbacks) {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback nc) {
                    if (passwords.containsKey(nc.getDefaultName())) {
                        user = nc.getDefaultName();
                        nc.setName(user);
                    } else {
                        LOG.warn("SASL user '{}' is not known", nc.getDefaultName());
                    }
                } else if (callback instanceof PasswordCallback pc) {
                    // No password for an unknown user: the SaslServer then fails the exchange.
                    String password = user == null ? null : passwords.get(user);
                    if (password != null) {
                        pc.setPassword(password.toCharArray());
                    }
                } else if (callback instanceof RealmCallback rc) {
                    rc.setText(rc.getDefaultText());
                } else if (callback instanceof AuthorizeCallback ac) {
                    // ZooKeeper authorizes whoever authenticated, as the Kerberos short form of
                    // the authentication id, which for a DIGEST-MD5 user name is the name itself.
                    ac.setAuthorized(true);
                    ac.setAuthorizedID(ac.getAuthenticationID());
                }
            }
        }
    }
}
