package io.paddock.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;
import io.paddock.itests.osgi.StockClient;
import io.paddock.itests.osgi.Waits;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ExamFactory;
import org.ops4j.pax.exam.nat.internal.NativeTestContainerFactory;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The example request extensions as an operator would use them: bundles installed into the
 * running server, updated and uninstalled, while a client writes the whole time. No request may
 * be lost or reordered, and each bundle's effect must start and stop with it.
 */
@RunWith(PaxExam.class)
@ExamFactory(NativeTestContainerFactory.class) // the Karaf container is on the class path too
@ExamReactorStrategy(PerClass.class)
public class ExtensionBundlesInFelixIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SEQUENTIAL = 2;
    private static final int THROTTLEDOP = -127;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private Path dataDir;
    private int port;
    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.options();
    }

    @Before
    public void startServer() throws Exception {
        dataDir = Files.createTempDirectory("paddock-extensions-");
        port = Waits.freePort();
        Dictionary<String, Object> settings = new Hashtable<>();
        settings.put("dataDir", dataDir.toString());
        settings.put("clientPort", port);
        settings.put("clientPortAddress", "127.0.0.1");
        configure("io.paddock.server", settings);
        RawSession.awaitAccepting(port, WAIT);
    }

    @After
    public void stopServer() throws Exception {
        for (org.osgi.service.cm.Configuration c : configurations) {
            c.delete();
        }
    }

    private void configure(String pid, Dictionary<String, Object> properties) throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(pid, "?");
        c.update(properties);
        configurations.add(c);
    }

    private Bundle install(String property) throws Exception {
        String jar = System.getProperty(property);
        assertTrue(property + " names the example bundle: " + jar, jar != null && Files.exists(Path.of(jar)));
        Bundle b = context.installBundle("file:" + jar);
        b.start();
        return b;
    }

    @Test
    public void theAuditLogBundleIsInstalledUpdatedAndUninstalledWhileAClientWrites() throws Exception {
        Path audit = dataDir.resolve("audit.log");
        Dictionary<String, Object> auditConfig = new Hashtable<>();
        auditConfig.put("file", audit.toString());
        configure("io.paddock.example.audit", auditConfig);

        List<String> problems;
        try (StockClient writer = StockClient.writer(StockClient.classPath(), port, "/seq-")) {
            try {
                awaitTrue("writes before the bundle", () -> writer.acknowledged() > 50);
                Bundle bundle = install("paddock.example.audit");
                awaitTrue("audit lines", () -> lines(audit) > 20);

                bundle.update();
                int afterUpdate = lines(audit);
                awaitTrue("audit lines after the update", () -> lines(audit) > afterUpdate + 20);

                bundle.uninstall();
                int atUninstall = lines(audit);
                int writesAtUninstall = writer.acknowledged();
                awaitTrue("writes after the uninstall", () -> writer.acknowledged() > writesAtUninstall + 100);
                assertTrue("no audit line once the bundle is gone", lines(audit) <= atUninstall + 1);
            } finally {
                problems = writer.stop();
            }
        }
        assertEquals("problems the stock client found", List.of(), problems);
        String first = Files.readAllLines(audit, StandardCharsets.UTF_8).get(0);
        assertTrue(first, first.contains(" op=create paths=/seq-"));
    }

    @Test
    public void theRateLimiterBundleThrottlesASessionOnlyWhileItIsInstalled() throws Exception {
        Dictionary<String, Object> limit = new Hashtable<>();
        limit.put("opsPerSecond", 1.0);
        limit.put("burst", 1);
        configure("io.paddock.example.ratelimit", limit);
        try (RawSession session = RawSession.open(port)) {
            Bundle bundle = install("paddock.example.ratelimit");
            awaitTrue("a create throttled", () -> {
                try {
                    return session.create("/limited-", SEQUENTIAL).err() == THROTTLEDOP;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            bundle.uninstall();
            for (int i = 0; i < 20; i++) {
                assertEquals("no throttling without the bundle", 0, session.create("/free-", SEQUENTIAL).err());
            }
        }
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.awaitTrue(what, WAIT, condition);
    }

}
