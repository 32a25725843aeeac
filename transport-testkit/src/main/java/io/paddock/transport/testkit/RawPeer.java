package io.paddock.transport.testkit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A plain blocking socket playing the other end, so tests control exactly what goes on the wire. */
public final class RawPeer implements AutoCloseable {
    /** Bound on every blocking read, so a test that goes wrong fails instead of hanging. */
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawPeer connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.connect(address, READ_TIMEOUT_MS);
        return new RawPeer(socket);
    }

    public static RawPeer wrap(Socket accepted) throws IOException {
        accepted.setTcpNoDelay(true);
        accepted.setSoTimeout(READ_TIMEOUT_MS);
        return new RawPeer(accepted);
    }

    public static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    public static byte[] frame(String payload) {
        return frame(payload.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    public static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes the buffer's remaining bytes; it must have an array. Its position is left alone. */
    public void write(ByteBuffer bytes) throws IOException {
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        out.flush();
    }

    public void writeInt(int value) throws IOException {
        write(ByteBuffer.allocate(4).putInt(value).array());
    }

    public byte[] readFrame() throws IOException {
        int length = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    public String readFrameText() throws IOException {
        return new String(readFrame(), StandardCharsets.UTF_8);
    }

    public byte[] readBytes(int count) throws IOException {
        byte[] bytes = new byte[count];
        in.readFully(bytes);
        return bytes;
    }

    /** Reads until the other side closes (end of stream, or a reset); returns how many bytes came. */
    public long readToEnd() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
                total += count;
            }
        } catch (SocketException reset) {
            // an abort may reset the connection rather than close it: the end all the same
        }
        return total;
    }

    /** True once the other side has closed: end of stream, or a reset. */
    public boolean seesClose() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
