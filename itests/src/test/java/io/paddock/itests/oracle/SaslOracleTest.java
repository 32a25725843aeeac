package io.paddock.itests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.paddock.server.config.SaslSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL DIGEST-MD5 (op 102, protocol.md section 13.2) against Apache ZooKeeper 3.9.3: the stock
 * client authenticates with the users of src/test/resources/sasl/jaas.conf, then the same calls
 * go to both servers and their outcomes, connection states included, must be equal.
 *
 * <p>JAAS is configured once per JVM, so this class runs in its own surefire execution
 * ({@code sasl} in itests/pom.xml) with {@code java.security.auth.login.config},
 * {@code zookeeper.authProvider.sasl} (ZooKeeper knows the sasl ACL scheme only then) and
 * {@code zookeeper.superUser=admin}; Paddock gets the same through its settings.
 */
class SaslOracleTest {
    private static final int TICK_TIME = 2000;
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final long WAIT_SECONDS = 10;
    /** How long a handle whose exchange got nowhere is watched for a state change. */
    private static final long QUIET_SECONDS = 3;
    // Not List.of: the client's ACL check asks contains(null), which List.of answers with an NPE.
    private static final List<ACL> ALICE_ONLY = Arrays.asList(new ACL(Perms.ALL, new Id("sasl", "alice")));

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @BeforeAll
    static void onlyInTheSaslExecution() {
        // -Dtest=SaslOracleTest reaches the default execution too, which has no JAAS file.
        assumeTrue(System.getProperty("java.security.auth.login.config") != null,
                "runs in the sasl execution of itests/pom.xml");
    }

    private static Path jaasFile() {
        return Path.of(System.getProperty("java.security.auth.login.config"));
    }

    private ServerUnderTest zookeeper(String dir) throws Exception {
        ServerUnderTest s = ZooKeeperOracle.start(tmp.resolve(dir), TICK_TIME);
        open.add(s);
        return s;
    }

    private ServerUnderTest paddock(String dir, SaslSettings sasl) throws Exception {
        ServerUnderTest s = PaddockUnderTest.start(tmp.resolve(dir), TICK_TIME, b -> b.sasl(sasl));
        open.add(s);
        return s;
    }

    private static SaslSettings paddockSasl() {
        return new SaslSettings(jaasFile(), "Server", System.getProperty("zookeeper.superUser"), false);
    }

    /** A stock handle and the connection states it has been told of, in order. */
    private final class Handle {
        final ZooKeeper zk;
        final BlockingQueue<KeeperState> states = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        /** {@code section} is the JAAS client section, or null for a handle that does no SASL. */
        Handle(ServerUnderTest server, String section) throws Exception {
            ZKClientConfig config = new ZKClientConfig();
            if (section == null) {
                config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
            } else {
                config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, section);
            }
            zk = new ZooKeeper(server.connectString(), SESSION_TIMEOUT_MS, event -> {
                if (event.getType() == EventType.None) {
                    states.add(event.getState());
                }
            }, config);
            open.add(() -> zk.close(2000));
        }

        /** Records states up to and including {@code last}; false if it did not come in time. */
        boolean awaitState(KeeperState last, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                KeeperState s = states.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (s == null) {
                    return false;
                }
                seen.add(s.name());
                if (s == last) {
                    return true;
                }
            }
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static String outcome(Call call) {
        try {
            Object v = call.run();
            if (v instanceof byte[] b) {
                return "ok " + new String(b, StandardCharsets.UTF_8);
            }
            return "ok " + v;
        } catch (KeeperException e) {
            return "error " + e.code();
        } catch (Exception e) {
            return "exception " + e.getClass().getSimpleName();
        }
    }

    private static String acl(ZooKeeper zk, String path) throws Exception {
        Stat stat = new Stat();
        List<ACL> acl = zk.getACL(path, stat);
        return acl + " aversion=" + stat.getAversion();
    }

    /** Authenticated, anonymous and super handles doing the same things; one line per outcome. */
    private List<String> authenticatedScript(ServerUnderTest server) throws Exception {
        List<String> out = new ArrayList<>();
        Handle alice = new Handle(server, "Client");
        out.add("alice authenticated: " + alice.awaitState(KeeperState.SaslAuthenticated, WAIT_SECONDS)
                + " " + alice.seen);
        Handle anon = new Handle(server, null);
        out.add("anon connected: " + anon.awaitState(KeeperState.SyncConnected, WAIT_SECONDS) + " " + anon.seen);

        out.add("alice create /s sasl:alice " + outcome(() -> alice.zk.create("/s", "secret data".getBytes(
                StandardCharsets.UTF_8), ALICE_ONLY, CreateMode.PERSISTENT)));
        out.add("alice getData /s " + outcome(() -> alice.zk.getData("/s", false, null)));
        out.add("anon getData /s " + outcome(() -> anon.zk.getData("/s", false, null)));
        out.add("anon setData /s " + outcome(() -> anon.zk.setData("/s", new byte[0], -1).getVersion()));
        out.add("alice getACL /s " + outcome(() -> acl(alice.zk, "/s")));
        out.add("anon getACL /s " + outcome(() -> acl(anon.zk, "/s")));
        out.add("alice create /c CREATOR_ALL " + outcome(() -> alice.zk.create("/c", null,
                ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT)));
        out.add("alice getACL /c " + outcome(() -> acl(alice.zk, "/c")));
        out.add("anon create /d CREATOR_ALL " + outcome(() -> anon.zk.create("/d", null,
                ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT)));
        out.add("anon create /e sasl:a@b@c " + outcome(() -> anon.zk.create("/e", null,
                Arrays.asList(new ACL(Perms.ALL, new Id("sasl", "a@b@c"))), CreateMode.PERSISTENT)));
        out.add("alice whoAmI " + outcome(() -> alice.zk.whoAmI()));
        out.add("anon whoAmI " + outcome(() -> anon.zk.whoAmI()));

        Handle admin = new Handle(server, "Admin");
        out.add("admin authenticated: " + admin.awaitState(KeeperState.SaslAuthenticated, WAIT_SECONDS)
                + " " + admin.seen);
        out.add("admin whoAmI " + outcome(() -> admin.zk.whoAmI()));
        out.add("admin getData /s " + outcome(() -> admin.zk.getData("/s", false, null)));
        out.add("admin setACL /s open " + outcome(() -> admin.zk.setACL("/s", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1)
                .getAversion()));
        out.add("anon getData /s after setACL " + outcome(() -> anon.zk.getData("/s", false, null)));
        return out;
    }

    /** A handle whose credentials the server refuses: its states, and what its calls get. */
    private List<String> refusedScript(ServerUnderTest server, String section) throws Exception {
        List<String> out = new ArrayList<>();
        Handle h = new Handle(server, section);
        out.add(section + " auth failed: " + h.awaitState(KeeperState.AuthFailed, WAIT_SECONDS) + " " + h.seen);
        out.add(section + " exists / " + outcome(() -> h.zk.exists("/", false)));
        out.add(section + " state " + h.zk.getState());
        h.awaitState(null, 1);
        out.add(section + " states after " + h.seen);
        return out;
    }

    @Test
    void digestMd5UsersHaveTheSameIdsAclsAndStatesAsInZooKeeper() throws Exception {
        List<String> expected = authenticatedScript(zookeeper("zookeeper"));
        List<String> actual = authenticatedScript(paddock("paddock", paddockSasl()));

        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual).contains("alice authenticated: true [SyncConnected, SaslAuthenticated]",
                "anon getData /s error NOAUTH", "admin getData /s ok secret data");
    }

    @Test
    void wrongPasswordAndUnknownUserFailAsInZooKeeper() throws Exception {
        ServerUnderTest zk = zookeeper("zookeeper");
        ServerUnderTest paddock = paddock("paddock", paddockSasl());
        List<String> expected = new ArrayList<>(refusedScript(zk, "WrongPassword"));
        expected.addAll(refusedScript(zk, "UnknownUser"));
        List<String> actual = new ArrayList<>(refusedScript(paddock, "WrongPassword"));
        actual.addAll(refusedScript(paddock, "UnknownUser"));

        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual.get(0)).startsWith("WrongPassword auth failed: true");
    }

    @Test
    void withoutAJaasServerSectionTheClientFaresAsWithZooKeeper() throws Exception {
        List<String> expected;
        // ZooKeeper reads the section name when its connection factory is configured.
        System.setProperty("zookeeper.sasl.serverconfig", "NoSuchSection");
        try {
            expected = unconfiguredScript(zookeeper("zookeeper"));
        } finally {
            System.clearProperty("zookeeper.sasl.serverconfig");
        }
        List<String> actual = unconfiguredScript(paddock("paddock", SaslSettings.NONE));

        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private List<String> unconfiguredScript(ServerUnderTest server) throws Exception {
        List<String> out = new ArrayList<>();
        Handle alice = new Handle(server, "Client");
        out.add("alice authenticated: " + alice.awaitState(KeeperState.SaslAuthenticated, QUIET_SECONDS)
                + " " + alice.seen);
        out.add("alice exists / " + outcome(() -> alice.zk.exists("/", false) != null));
        out.add("alice whoAmI " + outcome(() -> alice.zk.whoAmI()));
        return out;
    }
}
