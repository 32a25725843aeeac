package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.ClientInfo;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.GetDataResponse;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.SaslToken;
import io.paddock.api.proto.WhoAmIResponse;
import io.paddock.api.testkit.RawClient;
import io.paddock.server.auth.SaslAuthenticatorTest;
import io.paddock.server.config.SaslSettings;
import io.paddock.server.config.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.security.sasl.SaslClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL (op 102) on the wire, driven by the JDK's DIGEST-MD5 client as ZooKeeper's client drives
 * it: replies with zxid 0, the sasl id and super user on success, AUTHFAILED and a closed
 * connection on failure (protocol.md sections 4, 10 and 13.2).
 */
class SaslTest {
    private static final String JAAS = """
            Server {
                org.apache.zookeeper.server.auth.DigestLoginModule required
                user_alice="secret"
                user_admin="root";
            };
            """;

    @TempDir
    Path dir;
    ServerFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(UnaryOperator<ServerSettings.Builder> settings) throws Exception {
        Path jaas = dir.resolve("jaas.conf");
        Files.writeString(jaas, JAAS);
        Path data = dir.resolve("data");
        fixture = new ServerFixture(data, port -> settings.apply(ServerFixture.builder(data, port)
                .sasl(new SaslSettings(jaas, "Server", "admin", false))).build());
    }

    private static SaslClient saslClient(String user, String password) throws Exception {
        return SaslAuthenticatorTest.client(user, password);
    }

    /** The exchange as ZooKeeper's client runs it; returns the last reply (OK, or the failure). */
    private static RawClient.Reply authenticate(RawClient c, String user, String password) throws Exception {
        SaslClient sasl = saslClient(user, password);
        byte[] token = new byte[0];
        int xid = 1;
        while (true) {
            c.send(xid, OpCode.SASL, new SaslToken(token));
            RawClient.Reply r = c.readReply();
            assertThat(r.header().xid()).isEqualTo(xid);
            assertThat(r.header().zxid()).isZero();
            if (r.header().err() != Code.OK) {
                return r;
            }
            byte[] challenge = SaslToken.read(r.body()).token();
            if (challenge == null) {
                return r; // the server has given up on the exchange but kept the connection
            }
            token = sasl.evaluateChallenge(challenge);
            if (sasl.isComplete()) {
                return r;
            }
            xid++;
        }
    }

    private static List<ClientInfo> whoAmI(RawClient c, int xid) throws Exception {
        c.send(xid, OpCode.WHO_AM_I, null);
        RawClient.Reply r = c.readReply();
        assertThat(r.header().err()).isEqualTo(Code.OK);
        return WhoAmIResponse.read(r.body()).clientInfo();
    }

    private static int getData(RawClient c, int xid, String path) throws Exception {
        c.send(xid, OpCode.GET_DATA, new PathWatchRequest(path, false));
        RawClient.Reply r = c.readReply();
        if (r.header().err() == Code.OK) {
            GetDataResponse.read(r.body());
        }
        return r.header().err();
    }

    private static int create(RawClient c, int xid, String path, List<Acl> acl) throws Exception {
        c.send(xid, OpCode.CREATE, new CreateRequest(path, "v".getBytes(StandardCharsets.UTF_8), acl, 0));
        return c.readReply().header().err();
    }

    @Test
    void digestMd5UserGetsASaslIdThatItsAclsGrant() throws Exception {
        start(b -> b);
        long zxidBefore;
        try (RawClient alice = new RawClient(fixture.port()); RawClient stranger = new RawClient(fixture.port())) {
            alice.connect();
            stranger.connect();
            zxidBefore = fixture.server.database().lastProcessedZxid();

            assertThat(authenticate(alice, "alice", "secret").header().err()).isEqualTo(Code.OK);
            assertThat(fixture.server.database().lastProcessedZxid()).isEqualTo(zxidBefore);

            assertThat(whoAmI(alice, 10)).contains(new ClientInfo("sasl", "alice"))
                    .noneMatch(i -> i.authScheme().equals("super"));
            assertThat(create(alice, 11, "/a", List.of(new Acl(Perms.ALL, new Id("sasl", "alice")))))
                    .isEqualTo(Code.OK);
            assertThat(getData(alice, 12, "/a")).isEqualTo(Code.OK);
            assertThat(getData(stranger, 1, "/a")).isEqualTo(Code.NOAUTH);
            // The auth pseudo-scheme takes the sasl id (protocol.md section 13.3).
            assertThat(create(alice, 13, "/b", List.of(new Acl(Perms.ALL, new Id("auth", ""))))).isEqualTo(Code.OK);
            var tree = fixture.server.database().tree();
            assertThat(tree.acl(tree.node("/b")))
                    .containsExactly(new Acl(Perms.ALL, new Id("sasl", "alice")));
        }
    }

    @Test
    void superUserBypassesAcls() throws Exception {
        start(b -> b);
        try (RawClient alice = new RawClient(fixture.port()); RawClient admin = new RawClient(fixture.port())) {
            alice.connect();
            admin.connect();
            authenticate(alice, "alice", "secret");
            create(alice, 10, "/private", List.of(new Acl(Perms.ALL, new Id("sasl", "alice"))));

            assertThat(getData(admin, 1, "/private")).isEqualTo(Code.NOAUTH);
            assertThat(authenticate(admin, "admin", "root").header().err()).isEqualTo(Code.OK);

            assertThat(whoAmI(admin, 10)).contains(new ClientInfo("sasl", "admin"), new ClientInfo("super", ""));
            assertThat(getData(admin, 11, "/private")).isEqualTo(Code.OK);
        }
    }

    @Test
    void wrongPasswordGetsAuthFailedWithAnEmptyTokenAndTheConnectionCloses() throws Exception {
        start(b -> b);
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            RawClient.Reply r = authenticate(c, "alice", "guess");

            assertThat(r.header().err()).isEqualTo(Code.AUTHFAILED);
            assertThat(r.header().zxid()).isZero();
            // ZooKeeper writes a SetSASLResponse with a null token after the error header.
            assertThat(r.body().remaining()).isEqualTo(4);
            assertThat(SaslToken.read(r.body()).token()).isNull();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void unknownUserGetsAuthFailedAndTheConnectionCloses() throws Exception {
        start(b -> b);
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();

            assertThat(authenticate(c, "mallory", "secret").header().err()).isEqualTo(Code.AUTHFAILED);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void allowSaslFailedClientsKeepsTheConnectionWithoutASaslId() throws Exception {
        Path jaas = dir.resolve("jaas.conf");
        Files.writeString(jaas, JAAS);
        Path data = dir.resolve("data");
        fixture = new ServerFixture(data, port -> ServerFixture.builder(data, port)
                .sasl(new SaslSettings(jaas, "Server", null, true)).build());
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            RawClient.Reply r = authenticate(c, "alice", "guess");

            assertThat(r.header().err()).isEqualTo(Code.OK); // and a null token: authenticate stopped on it
            assertThat(whoAmI(c, 20)).extracting(ClientInfo::authScheme).containsExactly("ip");
        }
    }

    @Test
    void withoutSaslConfiguredTheRequestIsAnsweredOkWithANullToken() throws Exception {
        Path data = dir.resolve("data");
        fixture = new ServerFixture(data);
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            c.send(1, OpCode.SASL, new SaslToken(new byte[0]));
            RawClient.Reply r = c.readReply();

            assertThat(r.header().err()).isEqualTo(Code.OK);
            assertThat(r.header().zxid()).isZero();
            assertThat(SaslToken.read(r.body()).token()).isNull();
            assertThat(whoAmI(c, 2)).extracting(ClientInfo::authScheme).containsExactly("ip");
        }
    }

    @Test
    void aNullTokenClosesTheConnectionUnanswered() throws Exception {
        start(b -> b);
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            c.send(1, OpCode.SASL, new SaslToken(null));

            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void requiredSaslClosesUnauthenticatedConnectionsAtTheirFirstRequest() throws Exception {
        start(b -> b.enforceAuthSchemes(Set.of("sasl")));
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            c.send(7, OpCode.GET_DATA, new PathWatchRequest("/", false));
            RawClient.Reply r = c.readReply();

            assertThat(r.header().xid()).isEqualTo(7);
            assertThat(r.header().zxid()).isZero();
            assertThat(r.header().err()).isEqualTo(Code.SESSIONCLOSEDREQUIRESASLAUTH);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            assertThat(authenticate(c, "alice", "guess").header().err())
                    .isEqualTo(Code.SESSIONCLOSEDREQUIRESASLAUTH);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            authenticate(c, "alice", "secret");
            assertThat(getData(c, 10, "/")).isEqualTo(Code.OK);
        }
    }

    @Test
    void saslAclIdsMustBeKerberosShapedIfTheyHaveAnAt() throws Exception {
        start(b -> b);
        try (RawClient c = new RawClient(fixture.port())) {
            c.connect();
            assertThat(create(c, 1, "/x", List.of(new Acl(Perms.ALL, new Id("sasl", "a@b@c")))))
                    .isEqualTo(Code.INVALIDACL);
            assertThat(create(c, 2, "/y", List.of(new Acl(Perms.ALL, new Id("sasl", "zk/host@REALM")))))
                    .isEqualTo(Code.OK);
            assertThat(fixture.server.database().tree().node("/x")).isNull();
        }
    }
}
