package io.paddock.itests.oracle;

import io.paddock.server.config.ServerSettings;
import io.paddock.server.standalone.StandaloneServer;
import io.paddock.storage.file.FileStorageBackend;
import io.paddock.transport.nio.NioTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Paddock's standalone server, in-process, configured as ZooKeeper's defaults would have it. */
public final class PaddockUnderTest implements ServerUnderTest {
    private final Path dataDir;
    private final int tickTime;
    private final UnaryOperator<ServerSettings.Builder> more;
    private final NioTransport transport;
    private final StandaloneServer server;
    private final List<String> fatal;

    private PaddockUnderTest(Path dataDir, int tickTime, UnaryOperator<ServerSettings.Builder> more,
                             NioTransport transport, StandaloneServer server, List<String> fatal) {
        this.dataDir = dataDir;
        this.tickTime = tickTime;
        this.more = more;
        this.transport = transport;
        this.server = server;
        this.fatal = fatal;
    }

    /**
     * Starts a server on a free port, with {@link #oracleDefaults} on ZooKeeper's defaults.
     */
    public static PaddockUnderTest start(Path dataDir, int tickTime) throws IOException {
        return start(dataDir, tickTime, UnaryOperator.identity());
    }

    /** The same server with settings of a test's own on top (SASL, for example). */
    public static PaddockUnderTest start(Path dataDir, int tickTime, UnaryOperator<ServerSettings.Builder> more)
            throws IOException {
        ServerSettings settings = more.apply(oracleDefaults(ServerSettings.builder(dataDir).tickTime(tickTime)
                .clientAddress(new InetSocketAddress("127.0.0.1", 0)))).build();
        NioTransport transport = new NioTransport();
        List<String> fatal = new CopyOnWriteArrayList<>();
        try {
            return new PaddockUnderTest(dataDir, tickTime, more, transport,
                    StandaloneServer.start(settings, transport, new FileStorageBackend(), fatal::add), fatal);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * What Paddock under test changes from ZooKeeper's defaults. Its container reaper never runs:
     * the in-process ZooKeeper it is compared with runs none (only ZooKeeperServerMain starts a
     * ContainerManager for a standalone server; an ensemble's leader starts one, which
     * {@link ZooKeeperEnsembleOracle} holds off), and a reaper's txn at a moment of its own would
     * put the two servers' zxids apart. Its super user is the oracle's,
     * {@code zookeeper.DigestAuthenticationProvider.superDigest} of this JVM.
     */
    static ServerSettings.Builder oracleDefaults(ServerSettings.Builder settings) {
        return settings.fourLetterWords(ServerSettings.ALL_WORDS).containerReaper(Integer.MAX_VALUE, 10_000, 0)
                .preAllocBytes(0).superDigest(System.getProperty("zookeeper.DigestAuthenticationProvider.superDigest"));
    }

    @Override
    public String name() {
        return "Paddock";
    }

    @Override
    public String connectString() {
        return "127.0.0.1:" + server.clientAddress().getPort();
    }

    /** What the server reported as fatal (it stops itself then); empty while all is well. */
    public List<String> fatalMessages() {
        return fatal;
    }

    /** Starts again on the same data and settings, on another free port. */
    @Override
    public PaddockUnderTest restart() throws IOException {
        close();
        return start(dataDir, tickTime, more);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            transport.close();
        }
    }
}
