package io.paddock.itests.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.itests.oracle.PaddockUnderTest;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stock Java clients of earlier ZooKeeper releases against Paddock. Each client's jars
 * (copied by the build into target/old-clients/VERSION) are loaded in a class loader of their
 * own whose parent is the platform loader, so nothing of the 3.9 client on the test class path
 * can stand in for them; {@link SmokeScenario} is loaded in the same loader and linked against
 * that client.
 */
class OlderClientsTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "ZooKeeper {0} client")
    @ValueSource(strings = {"3.5.10", "3.6.4", "3.7.2", "3.8.4"})
    void olderStockClientConnectsCreatesWatchesAndRunsMultiAgainstPaddock(String version) throws Exception {
        List<URL> classPath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(oldClients().resolve(version))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                classPath.add(jar.toUri().toURL());
            }
        }
        assertThat(classPath).as("jars of the %s client", version).hasSize(4);
        classPath.add(testClasses().toUri().toURL());

        List<String> seen;
        try (PaddockUnderTest paddock = PaddockUnderTest.start(dataDir, 2000);
             URLClassLoader loader = new URLClassLoader(classPath.toArray(URL[]::new),
                     ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            Function<String, List<String>> scenario = (Function<String, List<String>>) loader
                    .loadClass(SmokeScenario.class.getName()).getConstructor().newInstance();
            seen = List.copyOf(scenario.apply(paddock.connectString()));
            assertThat(paddock.fatalMessages()).isEmpty();
        }

        assertThat(seen.get(0)).as("the client's jar").contains("zookeeper-" + version + ".jar");
        assertThat(seen.subList(1, seen.size())).containsExactly(
                "connected",
                "created /smoke",
                "data v1 version 0",
                "setData version 1",
                "event",
                "event NodeDataChanged SyncConnected /smoke",
                "multi [CreateResult, SetDataResult, CheckResult, DeleteResult]",
                "failed multi NODEEXISTS [Error(0), Error(-110), Error(-2)]",
                "exists /smoke/never null",
                "data v3",
                "closed CLOSED");
    }

    private static Path testClasses() throws URISyntaxException {
        return Path.of(SmokeScenario.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path oldClients() throws URISyntaxException {
        return testClasses().resolveSibling("old-clients");
    }
}
