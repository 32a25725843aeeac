package io.paddock.itests.felix;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/** The bundles of the assembled distribution, as Pax Exam options for a native Felix. */
final class FelixDistribution {
    private FelixDistribution() {
    }

    static Option[] options() throws IOException {
        Path bundles = Path.of(System.getProperty("paddock.home", "../distribution/target/paddock"), "bundle");
        List<Option> options = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundles)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jar -> options.add(provision(jar)));
        }
        options.add(junitBundles());
        options.add(systemProperty("pax.exam.logging").value("none"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        // The distribution's Gogo shell would read the test JVM's stdin and write to its stdout.
        options.add(systemProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkStartLevel(20));
        options.add(cleanCaches());
        return options.toArray(Option[]::new);
    }

    /**
     * slf4j and SPI Fly go first (start level 1): slf4j 2 finds its provider through the
     * ServiceLoader, which SPI Fly weaves; a logger asked for before that is a no-op for good.
     * SPI Fly is a framework extension fragment, and Netty's native epoll library a fragment of
     * its epoll classes: both are installed, never started.
     */
    private static Option provision(Path jar) {
        String name = jar.getFileName().toString();
        String url = "file:" + jar.toAbsolutePath();
        if (name.startsWith("org.apache.aries.spifly")) {
            return bundle(url).startLevel(1).noStart();
        }
        if (name.startsWith("netty-transport-native-epoll")) {
            return bundle(url).startLevel(10).noStart(); // a fragment of the epoll classes
        }
        if (name.startsWith("slf4j-")) {
            return bundle(url).startLevel(1);
        }
        return bundle(url).startLevel(10);
    }
}
