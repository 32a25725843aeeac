package io.paddock.server.config;

import java.nio.file.Path;

/**
 * How SASL (op 102) is set up, under the names ZooKeeper's operators know.
 *
 * @param jaasConfig the JAAS login configuration file ({@code java.security.auth.login.config});
 *                   null for none, which leaves SASL unconfigured
 * @param serverSection the section of that file with the server's {@code user_<name>="<password>"}
 *                      options ({@code zookeeper.sasl.serverconfig}, default {@code Server})
 * @param superUser the SASL authorization id that becomes super ({@code zookeeper.superUser}), or null
 * @param allowFailedClients keep a connection whose SASL exchange failed
 *                           ({@code zookeeper.allowSaslFailedClients})
 */
public record SaslSettings(Path jaasConfig, String serverSection, String superUser, boolean allowFailedClients) {
    public static final String DEFAULT_SERVER_SECTION = "Server";

    /** No JAAS file: op 102 is answered as a ZooKeeper without SASL answers it. */
    public static final SaslSettings NONE = new SaslSettings(null, DEFAULT_SERVER_SECTION, null, false);

    public SaslSettings {
        serverSection = serverSection == null || serverSection.isBlank() ? DEFAULT_SERVER_SECTION : serverSection;
        superUser = superUser == null || superUser.isEmpty() ? null : superUser;
    }
}
