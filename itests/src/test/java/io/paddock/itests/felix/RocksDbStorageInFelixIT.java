package io.paddock.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageBackend;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.storage.TxnReader;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * The RocksDB storage bundle in a real Felix 7 beside the distribution's bundles: its backend
 * service appears, and a log written and read through it proves that the rocksdbjni classes and
 * the native library wrapped in the bundle load inside the container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RocksDbStorageInFelixIT {
    @Inject
    @Filter("(" + StorageBackend.PROPERTY + "=rocksdb)")
    private StorageBackend backend;

    @Configuration
    public Option[] config() throws IOException {
        Path bundles = Path.of(System.getProperty("paddock.home", "../distribution/target/paddock"), "bundle");
        List<Option> options = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundles)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jar -> options.add(provision(jar)));
        }
        options.add(bundle("file:" + rocksDbBundle().toAbsolutePath()).startLevel(10));
        options.add(junitBundles());
        options.add(systemProperty("pax.exam.logging").value("none"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        options.add(systemProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkStartLevel(20));
        options.add(cleanCaches());
        return options(options.toArray(Option[]::new));
    }

    /** The bundle as the reactor built it, found on this test's class path (it is not installed in ~/.m2). */
    private static Path rocksDbBundle() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Path.of(p).getFileName().toString().startsWith("paddock-storage-rocksdb") && p.endsWith(".jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("paddock-storage-rocksdb jar not on the class path"));
    }

    /** As StandaloneServerInFelixIT: slf4j and SPI Fly first, SPI Fly installed only. */
    private static Option provision(Path jar) {
        String name = jar.getFileName().toString();
        String url = "file:" + jar.toAbsolutePath();
        if (name.startsWith("org.apache.aries.spifly")) {
            return bundle(url).startLevel(1).noStart();
        }
        if (name.startsWith("slf4j-")) {
            return bundle(url).startLevel(1);
        }
        return bundle(url).startLevel(10);
    }

    @Test
    public void rocksDbBackendWritesAndReadsALogInsideFelix() throws Exception {
        assertEquals("rocksdb", backend.name());
        Path dataDir = Files.createTempDirectory("paddock-felix-rocksdb-");
        try {
            try (Storage storage = backend.open(StorageOptions.of(dataDir))) {
                for (long zxid = 1; zxid <= 3; zxid++) {
                    storage.txnLog().append(create(zxid));
                }
                storage.txnLog().flush();
            }
            try (Storage storage = backend.open(StorageOptions.of(dataDir));
                 TxnReader reader = storage.txnLog().readAfter(1)) {
                assertEquals(3, storage.txnLog().lastZxid());
                TxnEntry second = reader.next();
                assertNotNull(second);
                assertEquals("/n2", ((CreateTxn) second.txn()).path());
                assertEquals(3, reader.next().zxid());
                assertNull(reader.next());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static TxnEntry create(long zxid) {
        return new TxnEntry(new TxnHeader(0x1000L, (int) zxid, zxid, 1_700_000_000_000L + zxid, OpCode.CREATE),
                new CreateTxn("/n" + zxid, ("data-" + zxid).getBytes(StandardCharsets.UTF_8), Perms.OPEN_ACL_UNSAFE,
                        false, (int) zxid), null);
    }
}
