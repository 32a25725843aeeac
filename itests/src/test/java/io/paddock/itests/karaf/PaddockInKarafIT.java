package io.paddock.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import io.paddock.itests.osgi.StockClient;
import io.paddock.itests.osgi.Waits;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.ExamFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.container.internal.KarafTestContainerFactory;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Paddock deployed into a stock Apache Karaf as an operator does it, through the shell: add the
 * features repository, install {@code paddock}, find the configuration in
 * {@code etc/io.paddock.server.cfg}, talk to the server with the stock ZooKeeper client, install
 * {@code paddock-rocksdb} and move the database there with {@code paddock:storage}, restart the
 * server and read the data back, and ask {@code paddock:status}.
 *
 * <p>The test method runs inside Karaf (Pax Exam's probe). The stock ZooKeeper 3.9 client is no
 * bundle, so {@link ZooKeeperCalls} runs in a class loader of its own over the client's jars from
 * this build's class path; it reaches the server over a real socket like any outside client.
 * Karaf reads our bundles and features from {@code target/karaf-repo}, which the build fills, and
 * downloads nothing.
 */
@RunWith(PaxExam.class)
@ExamFactory(KarafTestContainerFactory.class) // the native container is on the class path too
@ExamReactorStrategy(PerClass.class)
public class PaddockInKarafIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLIENT_PATH = "paddock.itest.zookeeper.classpath";
    /** The audit-log example bundle, which an operator installs, updates and uninstalls. */
    private static final String AUDIT_JAR = "paddock.example.audit";
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @Inject
    private SessionFactory sessionFactory;

    private final ExecutorService shellThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "itest-shell"));

    @Configuration
    public Option[] config() throws IOException {
        Path repo = Path.of(System.getProperty("paddock.karaf.repo", "target/karaf-repo")).toAbsolutePath();
        String karafVersion = System.getProperty("karaf.version", "4.4.10");
        Path karaf = repo.resolve("org/apache/karaf/apache-karaf/" + karafVersion + "/apache-karaf-" + karafVersion
                + ".tar.gz");
        return options(
                karafDistributionConfiguration().frameworkUrl(karaf.toUri().toString()).karafVersion(karafVersion)
                        .name("Apache Karaf").unpackDirectory(new File("target/karaf-exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                // Our staged repository is read like Karaf's own system folder. Maven Central stays
                // for the scr feature's two Karaf bundles, which Karaf does not ship and which the
                // build cannot stage (their parent POM is not on Central); ~/.m2 is read first.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                        "${karaf.home.uri}system@id=system.repository@snapshots, " + repo.toUri() + "@id=paddock@snapshots"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                // Free ports, so that another Karaf on the machine does not get in the way.
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(Waits.freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(Waits.freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(Waits.freePort())),
                editConfigurationFilePut("etc/system.properties", CLIENT_PATH, StockClient.classPath()),
                editConfigurationFilePut("etc/system.properties", AUDIT_JAR, System.getProperty(AUDIT_JAR)),
                // The client's slf4j finds no provider on purpose: no warning per call.
                editConfigurationFilePut("etc/system.properties", "slf4j.internal.verbosity", "ERROR"));
    }

    @After
    public void stopShellThread() throws InterruptedException {
        shellThread.shutdownNow();
        shellThread.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    public void paddockFeatureServesTheStockClientAndMovesItsDatabaseToRocksDb() throws Exception {
        shell("feature:repo-add mvn:io.paddock/paddock-features/" + VERSION + "/xml/features");
        shell("feature:install paddock");

        Path cfg = Path.of(System.getProperty("karaf.etc"), "io.paddock.server.cfg");
        awaitShell("etc/io.paddock.server.cfg written by the feature", "paddock:status",
                out -> Files.isRegularFile(cfg));
        String defaults = Files.readString(cfg, StandardCharsets.UTF_8);
        assertTrue(defaults, defaults.contains("clientPort = 2181"));
        assertTrue(defaults, defaults.contains("clientPortAddress = 127.0.0.1"));
        Path dataDir = Path.of(System.getProperty("karaf.data"), "paddock");

        // The default 2181 may be taken on a shared machine: move the server as an operator would.
        int port = Waits.freePort();
        shell("config:property-set -p io.paddock.server clientPort " + port);
        String status = awaitShell("the server on port " + port, "paddock:status",
                out -> out.contains("Client address: 127.0.0.1:" + port));
        assertTrue(status, status.contains("Mode:           standalone"));
        assertTrue(status, status.contains("Transport:      nio"));
        assertTrue(status, status.contains("Storage:        file (holds the database), in " + dataDir));

        String connect = "127.0.0.1:" + port;
        assertEquals("created /karaf", zooKeeper(connect, "create", "/karaf", "hello from karaf"));
        assertEquals("data hello from karaf", zooKeeper(connect, "get", "/karaf"));

        shell("feature:install paddock-rocksdb");
        assertEquals("problems the stock client found writing through the move to RocksDB", List.of(),
                StockClient.writingAround(System.getProperty(CLIENT_PATH), port, "to-rocksdb", WAIT, () -> {
                    awaitShell("the RocksDB backend to be installed", "paddock:storage rocksdb",
                            out -> out.contains("storage set to rocksdb"));
                    awaitShell("the database to move to RocksDB", "paddock:storage",
                            out -> out.contains("holding the database: rocksdb"));
                }));
        assertEquals("data hello from karaf", zooKeeper(connect, "get", "/karaf"));

        // A restarted server (a new port restarts it) recovers the database from RocksDB.
        int newPort = Waits.freePort();
        shell("config:property-set -p io.paddock.server clientPort " + newPort);
        status = awaitShell("the server on port " + newPort, "paddock:status",
                out -> out.contains("Client address: 127.0.0.1:" + newPort));
        assertTrue(status, status.contains("Storage:        rocksdb (holds the database), in " + dataDir));
        assertEquals("data hello from karaf", zooKeeper("127.0.0.1:" + newPort, "get", "/karaf"));
        assertTrue("RocksDB holds the database under karaf.data", Files.isDirectory(dataDir.resolve("rocksdb")));

        String tree = shell("paddock:tree /karaf 0");
        assertTrue(tree, tree.startsWith("/karaf  [dataLength=16 version=0"));
        String sessions = shell("paddock:sessions");
        assertTrue(sessions, sessions.contains("no sessions"));
        String transport = shell("paddock:transport");
        assertTrue(transport, transport.contains("Serving:    nio"));

        // The client port moves to Netty and back on the running server.
        shell("feature:install paddock-netty");
        assertEquals("problems the stock client found writing through NIO → Netty → NIO", List.of(),
                StockClient.writingAround(System.getProperty(CLIENT_PATH), newPort, "netty", WAIT, () -> {
                    awaitShell("the Netty transport to be installed", "paddock:transport netty",
                            out -> out.contains("transport set to netty") && !out.contains("once it is installed"));
                    awaitShell("Netty to serve", "paddock:status", out -> out.contains("Transport:      netty"));
                    assertEquals("data hello from karaf", zooKeeper("127.0.0.1:" + newPort, "get", "/karaf"));
                    shell("paddock:transport nio");
                    awaitShell("NIO to serve again", "paddock:status", out -> out.contains("Transport:      nio"));
                }));
        assertEquals("data hello from karaf", zooKeeper("127.0.0.1:" + newPort, "get", "/karaf"));

        // A custom processor bundle comes, is updated and goes, and each plug-in bundle in use
        // restarts, all under the stock client's writes.
        String jar = System.getProperty(AUDIT_JAR);
        assertTrue("the audit-log example at " + jar, jar != null && Files.isRegularFile(Path.of(jar)));
        assertEquals("problems the stock client found around the extension bundle", List.of(),
                StockClient.writingAround(System.getProperty(CLIENT_PATH), newPort, "extension", WAIT, () -> {
                    String installed = shell("bundle:install -s file:" + jar);
                    String id = installed.replaceAll("(?s).*Bundle ID: (\\d+).*", "$1").trim();
                    assertTrue(installed, id.matches("\\d+"));
                    shell("bundle:update " + id);
                    shell("bundle:uninstall " + id);
                }));
        for (String bundle : List.of("io.paddock.transport.nio", "io.paddock.storage.rocksdb")) {
            assertEquals("problems the stock client found around restarting " + bundle, List.of(),
                    StockClient.writingAround(System.getProperty(CLIENT_PATH), newPort, "restart", WAIT,
                            () -> shell("bundle:restart " + bundle)));
        }
        // The ensemble bundles resolve in Karaf and stay idle beside a standalone configuration.
        shell("feature:install paddock-quorum");
        List<String> quorumBundles = List.of("io.paddock.quorum", "io.paddock.election.fle", "io.paddock.role.leader",
                "io.paddock.role.follower", "io.paddock.role.observer");
        awaitShell("the quorum bundles to be active", "bundle:list -s", out -> quorumBundles.stream()
                .allMatch(name -> out.lines().anyMatch(l -> l.contains(name) && l.contains("Active"))));
        assertEquals("data hello from karaf", zooKeeper("127.0.0.1:" + newPort, "get", "/karaf"));
        System.out.println(status);
    }

    /** One stock-client call (see {@link ZooKeeperCalls}) in a class loader over the client's jars. */
    private static String zooKeeper(String... args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty(CLIENT_PATH).split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            Function<String[], String> calls = (Function<String[], String>) loader
                    .loadClass(ZooKeeperCalls.class.getName()).getConstructor().newInstance();
            return calls.apply(args);
        }
    }

    /**
     * The client's jars and this test's classes, from the class path of the JVM that configures
     * the test (failsafe's), handed to Karaf as a system property.
     */
    /**
     * Runs a command as an admin at Karaf's console would; returns what it printed and returned.
     * Karaf registers its own commands while the test starts, so one not found yet is retried.
     */
    private String shell(String command) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return shellOnce(command);
            } catch (ExecutionException e) {
                boolean notFound = e.getCause().getClass().getSimpleName().equals("CommandNotFoundException");
                if (!notFound || System.nanoTime() > deadline) {
                    throw new AssertionError("'" + command + "' failed: " + e.getCause() + "\n" + karafLog(),
                            e.getCause());
                }
                Thread.sleep(100);
            }
        }
    }

    private String shellOnce(String command) throws Exception {
        Subject admin = new Subject();
        // The roles of Karaf's admingroup: config:property-set wants manager, feature:install admin.
        for (String role : List.of("admin", "manager", "viewer", "systembundles")) {
            admin.getPrincipals().add(new RolePrincipal(role));
        }
        Future<String> run = shellThread.submit(() -> Subject.doAs(admin, (PrivilegedExceptionAction<String>) () -> {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
            try {
                Object result = session.execute(command);
                return printed.toString(StandardCharsets.UTF_8) + (result == null ? "" : result);
            } finally {
                session.close();
            }
        }));
        try {
            return run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("'" + command + "' did not finish in " + WAIT + "\n" + karafLog(), e);
        }
    }

    /**
     * Runs a command until its output satisfies {@code done}, for what happens after a shell
     * command returns (components activating, the server restarting, a handover); bounded.
     */
    private String awaitShell(String what, String command, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = shell(command);
                if (done.test(last)) {
                    return last;
                }
            } catch (AssertionError failed) { // a command that failed rather than said "not yet"
                last = failed.getMessage();
            }
            Thread.sleep(100);
        }
        fail("timed out after " + WAIT + " waiting for " + what + "; '" + command + "' said: " + last + "\n"
                + karafLog());
        return last;
    }

    /** The end of data/log/karaf.log, where Karaf without a terminal says what went wrong. */
    private static String karafLog() {
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return "--- karaf.log (last 60 lines) ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
        } catch (IOException e) {
            return "(no karaf.log: " + e + ")";
        }
    }

}
