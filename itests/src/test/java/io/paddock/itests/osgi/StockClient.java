package io.paddock.itests.osgi;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The stock ZooKeeper client inside an OSGi container, where it is no bundle: its jars and this
 * module's test classes in a class loader of their own (parent: the platform loader), and a class
 * of this package loaded there that only speaks JDK types to the test.
 */
public final class StockClient implements AutoCloseable {
    private final URLClassLoader loader;
    private final Function<String[], Object> calls;

    @SuppressWarnings("unchecked")
    private StockClient(String classPath, Class<?> driver) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        calls = (Function<String[], Object>) loader.loadClass(driver.getName()).getConstructor().newInstance();
    }

    /**
     * The stock client's jars and the test classes, from the test JVM's class path: what
     * {@link #writer} needs, to hand to a container whose own class path is another.
     */
    public static String classPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("zookeeper-") || name.startsWith("netty-") || name.startsWith("slf4j-api-")
                    || name.startsWith("audience-annotations-") || name.startsWith("commons-io-")
                    || name.equals("test-classes")) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * A stock-client writer (see {@link StockWriter}) creating {@code prefix}N nodes on {@code port},
     * its classes from {@code classPath} (see {@link #classPath()}).
     */
    public static StockClient writer(String classPath, int port, String prefix) throws Exception {
        StockClient c = new StockClient(classPath, StockWriter.class);
        Object started = c.call("start", "127.0.0.1:" + port, prefix);
        if (!"started".equals(started)) {
            c.close();
            throw new IllegalStateException(String.valueOf(started));
        }
        return c;
    }

    /** Something done to the server while the stock client writes. */
    @FunctionalInterface
    public interface Change {
        void run() throws Exception;
    }

    /**
     * Does {@code change} while a stock-client writer creates {@code /what-N} nodes on {@code port},
     * with a hundred acknowledged creates before and after it; returns the problems the writer
     * found (a changed session, creates out of order, acknowledged nodes missing), empty if none.
     */
    public static List<String> writingAround(String classPath, int port, String what, Duration wait, Change change)
            throws Exception {
        try (StockClient writer = writer(classPath, port, "/" + what + "-")) {
            try {
                Waits.awaitTrue("writes before: " + what, wait, () -> writer.acknowledged() > 100);
                change.run();
                int at = writer.acknowledged();
                Waits.awaitTrue("writes after: " + what, wait, () -> writer.acknowledged() > at + 100);
            } finally {
                List<String> problems = writer.stop();
                if (!problems.isEmpty()) {
                    return problems;
                }
            }
        }
        return List.of();
    }

    public Object call(String... args) {
        return calls.apply(args);
    }

    public int acknowledged() {
        return (Integer) call("count");
    }

    /** Stops writing; the problems the writer found, empty if none. */
    @SuppressWarnings("unchecked")
    public List<String> stop() {
        return (List<String>) call("stop");
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
