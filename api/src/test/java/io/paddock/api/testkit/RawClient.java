package io.paddock.api.testkit;

import io.paddock.api.proto.ConnectRequest;
import io.paddock.api.proto.ConnectResponse;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.ReplyHeader;
import io.paddock.api.proto.RequestHeader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A client driven by hand over a plain loopback socket, for what stock clients never do: send
 * frames they would refuse to build, or fall silent without closing. Shared by the server's
 * tests and the integration tests through this module's test jar.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    public RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(15_000);
        // One segment per frame, as a real client sends it; byte-at-a-time writes would wait on
        // Nagle and delayed ACKs (a tenth of a second per exchange).
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    public ConnectResponse connect(long sessionId, byte[] passwd, long lastZxidSeen, int timeout) throws IOException {
        sendFrame(JuteOutput.serialize(new ConnectRequest(0, lastZxidSeen, timeout, sessionId, passwd, false, true)));
        return ConnectResponse.read(JuteInput.of(readFrame()));
    }

    public ConnectResponse connect() throws IOException {
        return connect(30000);
    }

    /** Opens a new session asking for {@code timeout} ms, as the 3.9 Java client does. */
    public ConnectResponse connect(int timeout) throws IOException {
        return connect(0, new byte[16], 0, timeout);
    }

    /** The port this client connects from, as a server's log shows it ({@code /127.0.0.1:<port>}). */
    public int localPort() {
        return socket.getLocalPort();
    }

    public void sendFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(int xid, int type, JuteRecord body) throws IOException {
        JuteOutput o = new JuteOutput();
        new RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        sendFrame(o.toByteArray());
    }

    public byte[] readFrame() throws IOException {
        int n = in.readInt();
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Reads one reply frame; the header is decoded and the body left in the returned input. */
    public Reply readReply() throws IOException {
        JuteInput i = new JuteInput(ByteBuffer.wrap(readFrame()));
        return new Reply(ReplyHeader.read(i), i);
    }

    public record Reply(ReplyHeader header, JuteInput body) {
    }

    /** True once the server has closed the connection (EOF or reset). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    /** Sends a four-letter word on a fresh connection and returns all the text until the server closes. */
    public static String fourLetterWord(int port, String word) throws IOException {
        return fourLetterWord(port, word, new byte[0]);
    }

    /**
     * Sends a four-letter word followed by its argument bytes in one write (ZooKeeper's
     * {@code stmk} takes an 8-byte big-endian mask) and returns all the text until the server closes.
     */
    public static String fourLetterWord(int port, String word, byte[] argument) throws IOException {
        try (RawClient c = new RawClient(port)) {
            byte[] w = word.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[w.length + argument.length];
            System.arraycopy(w, 0, all, 0, w.length);
            System.arraycopy(argument, 0, all, w.length, argument.length);
            c.sendRaw(all);
            return c.readAllText();
        }
    }

    /** {@code stmk} with its mask: ZooKeeper reads the 8 bytes after the word as a big-endian long. */
    public static String setTraceMask(int port, long mask) throws IOException {
        return fourLetterWord(port, "stmk", ByteBuffer.allocate(Long.BYTES).putLong(mask).array());
    }

    public String readAllText() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
