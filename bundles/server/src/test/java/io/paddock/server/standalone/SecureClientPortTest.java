package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.server.config.ServerSettings;
import io.paddock.server.config.TlsSettings;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.transport.netty.NettyTransport;
import io.paddock.transport.nio.NioTransport;
import io.paddock.transport.testkit.TestKeystores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * secureClientPort with ZooKeeper's ssl.* keys, driven by the stock client in TLS mode
 * ({@code zookeeper.client.secure}, {@code ClientCnxnSocketNetty}): the connection is
 * authenticated as {@code x509:<subject>} by its certificate, as ZooKeeper's
 * X509AuthenticationProvider does.
 */
class SecureClientPortTest {
    private static final String CLIENT = "CN=paddock-client";

    @TempDir
    static Path keys;
    static TestKeystores stores;

    @TempDir
    Path dir;
    private final NettyTransport netty = new NettyTransport();
    private StandaloneServer server;

    @BeforeAll
    static void makeKeys() throws Exception {
        stores = TestKeystores.create(keys);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        netty.close();
    }

    private ServerSettings settings(String superUser) {
        TlsSettings tls = new TlsSettings(stores.serverKeys, new String(TestKeystores.PASSWORD), null,
                stores.serverTrust, new String(TestKeystores.PASSWORD), null, "need", List.of(), List.of(), superUser);
        return ServerFixture.builder(dir, 0).secureClient(new InetSocketAddress("127.0.0.1", 0), tls).build();
    }

    private ZooKeeper secureClient() throws Exception {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty("zookeeper.client.secure", "true");
        config.setProperty("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty");
        config.setProperty("zookeeper.ssl.keyStore.location", stores.clientKeys.toString());
        config.setProperty("zookeeper.ssl.keyStore.password", new String(TestKeystores.PASSWORD));
        config.setProperty("zookeeper.ssl.trustStore.location", stores.clientTrust.toString());
        config.setProperty("zookeeper.ssl.trustStore.password", new String(TestKeystores.PASSWORD));
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.secureClientAddress().getPort(), 10_000, e -> { }, config);
        await().atMost(Duration.ofSeconds(15)).until(() -> zk.getState().isConnected());
        return zk;
    }

    private ZooKeeper plainClient() throws Exception {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.clientAddress().getPort(), 10_000, e -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> zk.getState().isConnected());
        return zk;
    }

    @Test
    void theStockClientInTlsModeIsAuthenticatedByItsCertificate() throws Exception {
        server = StandaloneServer.start(settings(null), netty, new FileStorageBackend(), m -> { });
        ZooKeeper secure = secureClient();
        ZooKeeper plain = plainClient();
        try {
            assertThat(secure.whoAmI()).extracting(c -> c.getAuthScheme() + ":" + c.getUser())
                    .contains("x509:" + CLIENT);
            // An ArrayList: the client asks the list whether it contains null, which List.of refuses to answer.
            secure.create("/mine", "secret".getBytes(), new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("x509", CLIENT)))),
                    CreateMode.PERSISTENT);
            assertThat(secure.getData("/mine", false, null)).isEqualTo("secret".getBytes());
            assertThatThrownBy(() -> plain.getData("/mine", false, null))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThat(plain.getChildren("/", false)).as("both ports serve one database").contains("mine");
        } finally {
            secure.close(1000);
            plain.close(1000);
        }
    }

    @Test
    void theCertificateNamedAsX509SuperUserBypassesAcls() throws Exception {
        server = StandaloneServer.start(settings(CLIENT), netty, new FileStorageBackend(), m -> { });
        ZooKeeper plain = plainClient();
        ZooKeeper secure = secureClient();
        try {
            plain.addAuthInfo("digest", "alice:pw".getBytes());
            plain.create("/alices", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            secure.setData("/alices", "overridden".getBytes(), -1);
            assertThat(plain.getData("/alices", false, null)).isEqualTo("overridden".getBytes());
        } finally {
            secure.close(1000);
            plain.close(1000);
        }
    }

    @Test
    void aSecurePortOnATransportWithoutTlsIsRefusedClearly() {
        NioTransport nio = new NioTransport();
        try {
            assertThatThrownBy(() -> StandaloneServer.start(settings(null), nio, new FileStorageBackend(), m -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining("transport=netty");
        } finally {
            nio.close();
        }
    }
}
