package io.paddock.itests.felix;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import io.paddock.itests.osgi.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A ZooKeeper session over a raw socket (protocol.md sections 2 to 6): inside the container
 * there is no ZooKeeper client, and the wire is what is being tested anyway. One thread at a time.
 */
final class RawSession implements AutoCloseable {
    /** What a create's reply carried: the error code, the zxid and, on success, the path made. */
    record Reply(int err, long zxid, String path) {
    }

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int xid;

    private RawSession(Socket socket) throws IOException {
        this.socket = socket;
        // One write per frame, sent at once: without both, Nagle and delayed ACKs cost 40 ms a request.
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and opens a new session (version 0, 30 s, no password). */
    static RawSession open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        RawSession s = new RawSession(socket);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream connect = new DataOutputStream(bytes);
            connect.writeInt(0);
            connect.writeLong(0);
            connect.writeInt(30000);
            connect.writeLong(0);
            connect.writeInt(16);
            connect.write(new byte[16]);
            connect.writeBoolean(false);
            s.send(bytes);
            s.frame();
            return s;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Waits until the server on {@code port} takes sessions. */
    static void awaitAccepting(int port, Duration atMost) throws InterruptedException {
        Waits.awaitTrue("the server on port " + port + " to accept sessions", atMost, () -> {
            try (RawSession ignored = open(port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /** Creates an open-ACL node with no data; {@code flags} 0 persistent, 2 sequential. */
    Reply create(String path, int flags) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream create = new DataOutputStream(bytes);
        int id = ++xid;
        create.writeInt(id);
        create.writeInt(1);   // create
        writeString(create, path);
        create.writeInt(-1);  // no data
        create.writeInt(1);   // one ACL: world:anyone, all permissions
        create.writeInt(31);
        writeString(create, "world");
        writeString(create, "anyone");
        create.writeInt(flags);
        send(bytes);
        DataInputStream reply = frame();
        if (reply.readInt() != id) {
            throw new IOException("a reply out of order");
        }
        long zxid = reply.readLong();
        int err = reply.readInt();
        return new Reply(err, zxid, err == 0 ? readString(reply) : null);
    }

    /** Asks whether a node exists; true if it does (a read: nothing is logged). */
    boolean exists(String path) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream exists = new DataOutputStream(bytes);
        int id = ++xid;
        exists.writeInt(id);
        exists.writeInt(3);   // exists
        writeString(exists, path);
        exists.writeBoolean(false);
        send(bytes);
        DataInputStream reply = frame();
        if (reply.readInt() != id) {
            throw new IOException("a reply out of order");
        }
        reply.readLong();
        return reply.readInt() == 0;
    }

    private void send(ByteArrayOutputStream body) throws IOException {
        out.writeInt(body.size());
        body.writeTo(out);
        out.flush();
    }

    private DataInputStream frame() throws IOException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return new DataInputStream(new ByteArrayInputStream(body));
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
