package io.paddock.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;
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
 * Plug-ins changed under a running server while one session writes the whole time: the
 * transport swapped NIO → Netty → NIO, the storage swapped file → RocksDB, and each plug-in
 * bundle stopped and started again. Afterwards the session is the same, every acknowledged
 * create is there, and the creates were answered in order.
 */
@RunWith(PaxExam.class)
@ExamFactory(NativeTestContainerFactory.class) // the Karaf container is on the class path too
@ExamReactorStrategy(PerClass.class)
public class PlugInBundlesInFelixIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private Path dataDir;
    private int port;
    private org.osgi.service.cm.Configuration configuration;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.options();
    }

    @Before
    public void startServer() throws Exception {
        dataDir = Files.createTempDirectory("paddock-plugins-");
        port = freePort();
        configuration = configAdmin.getConfiguration("io.paddock.server", "?");
        configuration.update(settings("nio", "file"));
        awaitTrue("the server to accept sessions", () -> {
            try (RawSession ignored = RawSession.open(port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @After
    public void stopServer() throws Exception {
        configuration.delete();
    }

    private Dictionary<String, Object> settings(String transport, String storage) {
        Dictionary<String, Object> settings = new Hashtable<>();
        settings.put("dataDir", dataDir.toString());
        settings.put("clientPort", port);
        settings.put("clientPortAddress", "127.0.0.1");
        settings.put("transport", transport);
        settings.put("storage", storage);
        return settings;
    }

    /** Writes through {@code change}; checks the session, the order and every acknowledged node after. */
    private void whileWriting(String what, ThrowingRunnable change) throws Exception {
        ResumingWriter writer = ResumingWriter.start(port, "/" + what + "-");
        List<RawSession.Reply> acknowledged;
        try {
            awaitTrue("writes before: " + what, () -> writer.acknowledgedCount() > 100);
            change.run();
            int at = writer.acknowledgedCount();
            awaitTrue("writes after: " + what, () -> writer.acknowledgedCount() > at + 100);
        } finally {
            acknowledged = writer.stopAndCheck();
        }
        try (RawSession check = RawSession.open(port)) {
            for (RawSession.Reply r : acknowledged) {
                assertTrue(r.path() + " is there", check.exists(r.path()));
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    public void theTransportSwapsFromNioToNettyAndBack() throws Exception {
        whileWriting("to-netty", () -> configuration.update(settings("netty", "file")));
        whileWriting("to-nio", () -> configuration.update(settings("nio", "file")));
    }

    @Test
    public void theStorageSwapsFromFileToRocksDbWithoutADrop() throws Exception {
        whileWriting("to-rocksdb", () -> {
            configuration.update(settings("nio", "rocksdb"));
            awaitTrue("RocksDB to hold the database", () -> Files.isDirectory(dataDir.resolve("rocksdb")));
        });
    }

    @Test
    public void eachPlugInBundleStopsAndStartsAgainUnderTheServer() throws Exception {
        for (String name : List.of("io.paddock.transport.nio", "io.paddock.storage.file")) {
            Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName()))
                    .findFirst().orElseThrow();
            whileWriting(name.substring(name.lastIndexOf('.') + 1), () -> {
                bundle.stop();
                bundle.start();
            });
            assertEquals(name + " is active again", Bundle.ACTIVE, bundle.getState());
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
