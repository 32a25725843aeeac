package io.paddock.itests.felix;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.paddock.itests.osgi.Waits;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.ExamFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.nat.internal.NativeTestContainerFactory;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The bundles of the assembled distribution, booted in a real Felix 7 by Pax Exam's native
 * container, with the server configured through Config Admin as an operator would. The checks
 * speak the wire protocol over raw sockets (protocol.md sections 2 to 6), so they prove the
 * bundles serve clients, not only that they resolve.
 */
@RunWith(PaxExam.class)
@ExamFactory(NativeTestContainerFactory.class) // the Karaf container is on the class path too
@ExamReactorStrategy(PerClass.class)
public class StandaloneServerInFelixIT {
    private static final String PID = "io.paddock.server";
    private static final String COMPONENT = "io.paddock.server.standalone.StandaloneServerComponent";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private ServiceComponentRuntime scr;

    private Path dataDir;
    private org.osgi.service.cm.Configuration configuration;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.options();
    }

    @Before
    public void configureServer() throws Exception {
        dataDir = Files.createTempDirectory("paddock-felix-");
        configuration = configAdmin.getConfiguration(PID, null);
        configuration.update(settings(Waits.freePort()));
    }

    @After
    public void removeServer() throws Exception {
        if (configuration != null) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // a test deleted it itself
            }
        }
        awaitTrue("the server component to go away", () -> !componentActive());
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    public void configuredServerComponentIsActiveAndAnswersRuok() throws Exception {
        int port = configuredPort();
        awaitTrue("the server component to be active", this::componentActive);
        awaitTrue("port " + port + " to answer ruok", () -> "imok".equals(fourLetterWord(port, "ruok")));
    }

    @Test
    public void connectRequestGetsConnectResponseWithServerIdInSessionId() throws Exception {
        int port = awaitServing();
        try (Socket socket = connect(port)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] connect = connectRequest();
            assertEquals("protocol.md section 3: a ConnectRequest with readOnly is 45 bytes", 45, connect.length);
            out.writeInt(connect.length);
            out.write(connect);
            out.flush();

            int length = in.readInt();
            assertEquals("ConnectResponse with readOnly is 37 bytes", 37, length);
            assertEquals("protocolVersion", 0, in.readInt());
            assertEquals("negotiated timeout: the 30 s asked for, inside 2 to 20 x tickTime", 30000, in.readInt());
            long sessionId = in.readLong();
            assertEquals("a standalone server's sid is 1, in the session id's top byte", 1, sessionId >>> 56);
            assertEquals("password length", 16, in.readInt());
            in.readFully(new byte[16]);
            assertEquals("readOnly", 0, in.readByte());
        }
    }

    @Test
    public void createThenGetDataRoundTripsOverRawSocket() throws Exception {
        int port = awaitServing();
        try (Socket socket = connect(port)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            handshake(out, in);

            byte[] data = "hello from felix".getBytes(StandardCharsets.UTF_8);
            long createZxid = create(out, in, 1, "/felix", data);

            Frame getData = new Frame();
            getData.out.writeInt(2);
            getData.out.writeInt(4);  // getData
            writeString(getData.out, "/felix");
            getData.out.writeBoolean(false);
            getData.sendTo(out);

            DataInputStream reply = frame(in);
            assertEquals("xid", 2, reply.readInt());
            reply.readLong();
            assertEquals("err", 0, reply.readInt());
            byte[] read = new byte[reply.readInt()];
            reply.readFully(read);
            assertArrayEquals(data, read);
            assertEquals("czxid", createZxid, reply.readLong());
            assertEquals("mzxid", createZxid, reply.readLong());
            reply.readLong();         // ctime
            reply.readLong();         // mtime
            assertEquals("version", 0, reply.readInt());
            assertEquals("cversion", 0, reply.readInt());
            assertEquals("aversion", 0, reply.readInt());
            assertEquals("ephemeralOwner", 0, reply.readLong());
            assertEquals("dataLength", data.length, reply.readInt());
            assertEquals("numChildren", 0, reply.readInt());
        }
    }

    /**
     * The RocksDB bundle of the distribution, its native library loaded inside Felix: a new
     * {@code storage} in the configuration moves the database there while the session's connection
     * stays open, and a restarted server (a new port) recovers it from RocksDB.
     */
    @Test
    public void changingTheStorageToRocksDbHandsTheDatabaseOverWhileTheClientStaysConnected() throws Exception {
        int port = awaitServing();
        try (Socket socket = connect(port)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            handshake(out, in);
            long before = create(out, in, 1, "/before", new byte[0]);

            Dictionary<String, Object> moved = settings(port);
            moved.put("storage", "rocksdb");
            configuration.update(moved);
            Path marker = dataDir.resolve("paddock.storage");
            awaitTrue("the database to move", () -> "rocksdb".equals(readQuietly(marker)));

            assertEquals("the next zxid, on the same connection", before + 1,
                    create(out, in, 2, "/after", new byte[0]));
            assertTrue("RocksDB holds the database", Files.isDirectory(dataDir.resolve("rocksdb")));
        }

        int newPort = Waits.freePort();
        Dictionary<String, Object> restarted = settings(newPort);
        restarted.put("storage", "rocksdb");
        configuration.update(restarted);
        awaitTrue("port " + newPort + " to answer ruok", () -> "imok".equals(fourLetterWord(newPort, "ruok")));
        try (Socket socket = connect(newPort)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            handshake(out, in);
            assertEquals("/after is back from RocksDB", -110, createError(out, in, 1, "/after"));

            // An operator at the Gogo shell moves it back.
            String status = gogo("paddock:storage");
            assertTrue(status, status.contains("holding the database: rocksdb"));
            gogo("paddock:storage file");
            Path marker = dataDir.resolve("paddock.storage");
            awaitTrue("the database to move back", () -> "file".equals(readQuietly(marker)));
            assertEquals("the same connection goes on", -110, createError(out, in, 2, "/before"));
        }
    }

    /** The operator's view at the Gogo shell: what runs, who is connected, what is stored. */
    @Test
    public void statusSessionsAndTreeCommandsShowTheRunningServer() throws Exception {
        int port = awaitServing();
        try (Socket socket = connect(port)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long sessionId = handshakeSession(out, in);
            long zxid = create(out, in, 1, "/shown", "abc".getBytes(StandardCharsets.UTF_8));

            String status = gogo("paddock:status");
            assertTrue(status, status.contains("Mode:           standalone"));
            assertTrue(status, status.contains("Client address: 127.0.0.1:" + port));
            assertTrue(status, status.contains("Transport:      nio"));
            assertTrue(status, status.contains("Storage:        file (holds the database), in " + dataDir));
            assertTrue(status, status.contains("Last zxid:      0x" + Long.toHexString(zxid)));
            assertTrue(status, status.contains("Sessions:       1"));
            assertTrue(status, status.contains("Read-only:      no"));

            String sessions = gogo("paddock:sessions");
            assertTrue(sessions, sessions.contains("0x" + Long.toHexString(sessionId)));
            assertTrue(sessions, sessions.contains("127.0.0.1:" + socket.getLocalPort()));

            String tree = gogo("paddock:tree /shown 0");
            assertEquals(tree, "/shown  [dataLength=3 version=0 cversion=0 aversion=0 czxid=0x"
                    + Long.toHexString(zxid) + " mzxid=0x" + Long.toHexString(zxid) + " children=0]",
                    tree.strip());
            String root = gogo("paddock:tree / 1");
            assertTrue(root, root.contains("\n  shown  [") && root.contains("\n  zookeeper  ["));
        }
    }

    /**
     * paddock:transport moves the client port of the running server to another installed
     * transport, and back: the port answers throughout, served by the one named.
     */
    @Test
    public void transportCommandMovesTheClientPortToAnotherTransport() throws Exception {
        int port = awaitServing();
        String shown = gogo("paddock:transport");
        assertTrue(shown, shown.contains("Installed:  [netty, nio]") && shown.contains("Serving:    nio"));

        String set = gogo("paddock:transport netty");
        assertTrue(set, set.contains("transport set to netty"));
        awaitTrue("netty to serve", () -> gogoQuietly("paddock:status").contains("Transport:      netty"));
        awaitTrue("port " + port + " to answer ruok over netty", () -> "imok".equals(fourLetterWord(port, "ruok")));

        gogo("paddock:transport nio");
        awaitTrue("nio to serve again", () -> gogoQuietly("paddock:status").contains("Transport:      nio"));
        awaitTrue("port " + port + " to answer ruok again", () -> "imok".equals(fourLetterWord(port, "ruok")));
    }

    private String gogoQuietly(String command) {
        return Gogo.quietly(context, command);
    }

    /** Connects a new session; returns its id. */
    private static long handshakeSession(DataOutputStream out, DataInputStream in) throws IOException {
        byte[] connect = connectRequest();
        out.writeInt(connect.length);
        out.write(connect);
        out.flush();
        DataInputStream reply = frame(in);
        reply.readInt();  // protocolVersion
        reply.readInt();  // timeout
        return reply.readLong();
    }

    private String gogo(String command) throws Exception {
        return Gogo.run(context, command);
    }

    private static void handshake(DataOutputStream out, DataInputStream in) throws IOException {
        byte[] connect = connectRequest();
        out.writeInt(connect.length);
        out.write(connect);
        out.flush();
        in.readFully(new byte[in.readInt()]);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Creates a persistent open-ACL node; returns the zxid of the reply. */
    private static long create(DataOutputStream out, DataInputStream in, int xid, String path, byte[] data)
            throws IOException {
        sendCreate(out, xid, path, data);
        DataInputStream reply = frame(in);
        assertEquals("xid", xid, reply.readInt());
        long zxid = reply.readLong();
        assertEquals("err", 0, reply.readInt());
        assertEquals("path", path, readString(reply));
        return zxid;
    }

    /** Creates a node that is expected to fail; returns the error code. */
    private static int createError(DataOutputStream out, DataInputStream in, int xid, String path) throws IOException {
        sendCreate(out, xid, path, new byte[0]);
        DataInputStream reply = frame(in);
        assertEquals("xid", xid, reply.readInt());
        reply.readLong();
        return reply.readInt();
    }

    private static void sendCreate(DataOutputStream out, int xid, String path, byte[] data) throws IOException {
        Frame create = new Frame();
        create.out.writeInt(xid);
        create.out.writeInt(1);   // create
        writeString(create.out, path);
        create.out.writeInt(data.length);
        create.out.write(data);
        create.out.writeInt(1);   // one ACL: world:anyone, all permissions
        create.out.writeInt(31);
        writeString(create.out, "world");
        writeString(create.out, "anyone");
        create.out.writeInt(0);   // persistent
        create.sendTo(out);
    }

    @Test
    public void deletingTheConfigurationStopsTheServer() throws Exception {
        int port = awaitServing();
        configuration.delete();
        configuration = null;
        awaitTrue("the server component to go away", () -> !componentActive());
        awaitTrue("port " + port + " to close", () -> !accepts(port));
    }

    @Test
    public void updatingTheConfigurationMovesTheServerToTheNewPort() throws Exception {
        int oldPort = awaitServing();
        int newPort = Waits.freePort();
        configuration.update(settings(newPort));
        awaitTrue("port " + newPort + " to answer ruok", () -> "imok".equals(fourLetterWord(newPort, "ruok")));
        awaitTrue("port " + oldPort + " to close", () -> !accepts(oldPort));
        assertTrue("the component is active after the move", componentActive());
    }

    private Dictionary<String, Object> settings(int port) {
        Dictionary<String, Object> settings = new Hashtable<>();
        settings.put("tickTime", 2000);
        settings.put("dataDir", dataDir.toString());
        settings.put("clientPort", port);
        settings.put("clientPortAddress", "127.0.0.1");
        settings.put("4lw.commands.whitelist", "*");
        return settings;
    }

    private int configuredPort() {
        Object port = configuration.getProperties().get("clientPort");
        assertNotNull("clientPort is configured", port);
        return (Integer) port;
    }

    private int awaitServing() throws Exception {
        int port = configuredPort();
        awaitTrue("port " + port + " to answer ruok", () -> "imok".equals(fourLetterWord(port, "ruok")));
        return port;
    }

    private boolean componentActive() {
        Bundle server = Arrays.stream(context.getBundles())
                .filter(b -> "io.paddock.server".equals(b.getSymbolicName())).findFirst().orElse(null);
        if (server == null) {
            return false;
        }
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(server, COMPONENT);
        return description != null && scr.getComponentConfigurationDTOs(description).stream()
                .anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.awaitTrue(what, WAIT, condition);
    }


    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static boolean accepts(int port) {
        try (Socket ignored = connect(port)) {
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }

    private static String fourLetterWord(int port, String word) {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException notYet) {
            return null;
        }
    }

    /** protocol.md section 3: version 0, lastZxidSeen 0, 30 s, session 0, 16 zero bytes, readOnly false. */
    private static byte[] connectRequest() throws IOException {
        Frame frame = new Frame();
        frame.out.writeInt(0);
        frame.out.writeLong(0);
        frame.out.writeInt(30000);
        frame.out.writeLong(0);
        frame.out.writeInt(16);
        frame.out.write(new byte[16]);
        frame.out.writeBoolean(false);
        return frame.bytes.toByteArray();
    }

    private static DataInputStream frame(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return new DataInputStream(new java.io.ByteArrayInputStream(body));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A request body being written, sent with its length prefix. */
    private static final class Frame {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);

        void sendTo(DataOutputStream socket) throws IOException {
            socket.writeInt(bytes.size());
            bytes.writeTo(socket);
            socket.flush();
        }
    }
}
