package io.paddock.server.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The server's configuration, PID {@code io.paddock.server}, with ZooKeeper's zoo.cfg keys and
 * meanings. Method names map to keys by the Declarative Services rules: {@code _} becomes
 * {@code .}, a leading {@code $} is dropped ({@code $4lw_commands_whitelist} is
 * {@code 4lw.commands.whitelist}).
 */
@ObjectClassDefinition(name = "Paddock server",
        description = "A ZooKeeper-compatible server; keys as in zoo.cfg")
public @interface ServerConfig {
    @AttributeDefinition(description = "The basic time unit in milliseconds")
    int tickTime() default 2000;

    @AttributeDefinition(description = "Where snapshots (and, unless dataLogDir is set, the txn log) live")
    String dataDir() default "data";

    @AttributeDefinition(description = "Where the txn log lives; empty for dataDir", required = false)
    String dataLogDir() default "";

    @AttributeDefinition(description = "The port clients connect to")
    int clientPort() default 2181;

    @AttributeDefinition(description = "The address the client port listens on; empty for all", required = false)
    String clientPortAddress() default "";

    @AttributeDefinition(description = "Connections per client IP address; 0 for no limit")
    int maxClientCnxns() default 60;

    @AttributeDefinition(description = "Smallest session timeout granted, ms; -1 for 2 x tickTime")
    int minSessionTimeout() default -1;

    @AttributeDefinition(description = "Largest session timeout granted, ms; -1 for 20 x tickTime")
    int maxSessionTimeout() default -1;

    @AttributeDefinition(name = "4lw.commands.whitelist",
            description = "Four-letter words allowed, comma separated, or *; srvr is always allowed")
    String $4lw_commands_whitelist() default "srvr";

    @AttributeDefinition(description = "Allow TTL nodes (createTTL)")
    boolean extendedTypesEnabled() default false;

    @AttributeDefinition(description = "Refuse creates and setData that pass a hard quota with QUOTAEXCEEDED"
            + " (ZooKeeper's zookeeper.enforceQuota)")
    boolean enforceQuota() default false;

    @AttributeDefinition(description = "The largest frame and data size accepted, bytes")
    int jute_maxbuffer() default 0xfffff;

    @AttributeDefinition(description = "Txns between snapshots (randomised between half and all of it)")
    int snapCount() default 100000;

    @AttributeDefinition(description = "How far ahead the txn log file is grown, KiB")
    long preAllocSize() default 65536;

    @AttributeDefinition(name = "autopurge.snapRetainCount",
            description = "Snapshots (and the logs they need) kept by the purge; at least 3")
    int autopurge_snapRetainCount() default 3;

    @AttributeDefinition(name = "autopurge.purgeInterval",
            description = "Hours between purges of old snapshots and logs; 0 for none")
    int autopurge_purgeInterval() default 0;

    @AttributeDefinition(description = "The client transport: nio or netty")
    String transport() default "nio";

    @AttributeDefinition(description = "The storage backend: file or rocksdb")
    String storage() default "file";

    // The container reaper's settings are system properties in ZooKeeper; here they are config
    // keys with the same names, which zoo.cfg can carry (protocol.md section 9.2, "Reaper").

    @AttributeDefinition(name = "znode.container.checkIntervalMs",
            description = "How often empty containers and expired TTL nodes are looked for, ms")
    int znode_container_checkIntervalMs() default 60000;

    @AttributeDefinition(name = "znode.container.maxPerMinute",
            description = "At most this many containers and TTL nodes deleted per minute")
    int znode_container_maxPerMinute() default 10000;

    @AttributeDefinition(name = "znode.container.maxNeverUsedIntervalMs",
            description = "A container that never had a child is deleted after this long, ms; 0 for never")
    long znode_container_maxNeverUsedIntervalMs() default 0;

    @AttributeDefinition(name = "DigestAuthenticationProvider.superDigest", required = false,
            description = "super:<base64 SHA1 of super:password>; who authenticates as it bypasses every ACL")
    String DigestAuthenticationProvider_superDigest() default "";

    @AttributeDefinition(name = "zookeeper.DigestAuthenticationProvider.superDigest", required = false,
            description = "The same, under ZooKeeper's system-property name")
    String zookeeper_DigestAuthenticationProvider_superDigest() default "";

    // SASL (protocol.md section 13.2). ZooKeeper reads these as zookeeper.* system properties,
    // which zoo.cfg sets without the prefix; here they are keys, with the JVM's properties as
    // fallback.

    @AttributeDefinition(name = "java.security.auth.login.config", required = false,
            description = "JAAS file whose server section lists DIGEST-MD5 users as user_<name>=\"<password>\"")
    String java_security_auth_login_config() default "";

    @AttributeDefinition(name = "sasl.serverconfig", required = false,
            description = "The JAAS section with the server's users (default Server)")
    String sasl_serverconfig() default "";

    @AttributeDefinition(name = "superUser", required = false,
            description = "The SASL user who bypasses every ACL")
    String superUser() default "";

    @AttributeDefinition(name = "allowSaslFailedClients",
            description = "Keep connections whose SASL authentication failed")
    boolean allowSaslFailedClients() default false;

    @AttributeDefinition(name = "sessionRequireClientSASLAuth",
            description = "Close connections that send a request before authenticating with SASL")
    boolean sessionRequireClientSASLAuth() default false;

    @AttributeDefinition(name = "enforce.auth.enabled",
            description = "Close connections that send a request before authenticating with a scheme of enforce.auth.schemes")
    boolean enforce_auth_enabled() default false;

    @AttributeDefinition(name = "enforce.auth.schemes", required = false,
            description = "Comma-separated schemes of which enforce.auth.enabled wants one: digest, ip, sasl")
    String enforce_auth_schemes() default "";

    // TLS on a second client port, as ZooKeeper's secureClientPort with NettyServerCnxnFactory:
    // the keys are zoo.cfg's (ZooKeeper reads them as zookeeper.ssl.* system properties, which
    // are the fallback here).

    @AttributeDefinition(description = "A second client port that speaks TLS (needs transport=netty); 0 for none")
    int secureClientPort() default 0;

    @AttributeDefinition(required = false, description = "The address the secure port listens on; empty for all")
    String secureClientPortAddress() default "";

    @AttributeDefinition(name = "ssl.keyStore.location", required = false,
            description = "The server's key and certificate (PKCS12 or JKS)")
    String ssl_keyStore_location() default "";

    @AttributeDefinition(name = "ssl.keyStore.password", required = false, type = AttributeType.PASSWORD)
    String ssl_keyStore_password() default "";

    @AttributeDefinition(name = "ssl.keyStore.type", required = false,
            description = "PKCS12 or JKS; empty to go by the file's extension")
    String ssl_keyStore_type() default "";

    @AttributeDefinition(name = "ssl.trustStore.location", required = false,
            description = "The certificates client certificates must chain to; empty for the JDK's")
    String ssl_trustStore_location() default "";

    @AttributeDefinition(name = "ssl.trustStore.password", required = false, type = AttributeType.PASSWORD)
    String ssl_trustStore_password() default "";

    @AttributeDefinition(name = "ssl.trustStore.type", required = false)
    String ssl_trustStore_type() default "";

    @AttributeDefinition(name = "ssl.clientAuth", required = false,
            description = "none, want or need (the default) a client certificate")
    String ssl_clientAuth() default "";

    @AttributeDefinition(name = "ssl.enabledProtocols", required = false, description = "Comma-separated, e.g. TLSv1.3")
    String ssl_enabledProtocols() default "";

    @AttributeDefinition(name = "ssl.ciphersuites", required = false, description = "Comma-separated")
    String ssl_ciphersuites() default "";

    @AttributeDefinition(name = "X509AuthenticationProvider.superUser", required = false,
            description = "The client certificate subject (x509 id) who bypasses every ACL")
    String X509AuthenticationProvider_superUser() default "";
}
