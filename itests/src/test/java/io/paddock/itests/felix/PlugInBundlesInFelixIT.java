package io.paddock.itests.felix;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
        port = Waits.freePort();
        configuration = configAdmin.getConfiguration("io.paddock.server", "?");
        configuration.update(settings("nio", "file"));
        RawSession.awaitAccepting(port, WAIT);
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

    /**
     * Runs {@code change} while the stock client writes; then the session must be the same, the
     * creates answered in order, and every acknowledged one there.
     */
    private void whileWriting(String what, StockClient.Change change) throws Exception {
        assertEquals("problems the stock client found around " + what, List.of(),
                StockClient.writingAround(StockClient.classPath(), port, what, WAIT, change));
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
        String[][] cases = {
            {"nio", "file", "io.paddock.transport.nio"},
            {"nio", "file", "io.paddock.storage.file"},
            {"netty", "file", "io.paddock.transport.netty"},
            {"nio", "rocksdb", "io.paddock.storage.rocksdb"},
        };
        for (String[] c : cases) {
            configuration.update(settings(c[0], c[1]));
            awaitTrue("the server on " + c[0] + " and " + c[1], () -> {
                String status = Gogo.quietly(context, "paddock:status");
                return status.contains("Transport:      " + c[0]) && status.contains("Storage:        " + c[1]);
            });
            Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> c[2].equals(b.getSymbolicName()))
                    .findFirst().orElseThrow();
            whileWriting(c[2].substring(c[2].lastIndexOf('.') + 1), () -> {
                bundle.stop();
                bundle.start();
            });
            assertEquals(c[2] + " is active again", Bundle.ACTIVE, bundle.getState());
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.awaitTrue(what, WAIT, condition);
    }

}
