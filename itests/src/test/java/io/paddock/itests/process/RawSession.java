package io.paddock.itests.process;

import io.paddock.api.proto.ConnectRequest;
import io.paddock.api.proto.ConnectResponse;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.ReplyHeader;
import io.paddock.api.proto.RequestHeader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;

/**
 * A connection driven by hand over a plain socket, for what the stock client never does: send
 * frames it would refuse to build, or fall silent without closing.
 */
final class RawSession implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawSession(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(15_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Opens a new session asking for {@code timeout} ms, as the 3.9 Java client does. */
    ConnectResponse connect(int timeout) throws IOException {
        sendFrame(JuteOutput.serialize(new ConnectRequest(0, 0, timeout, 0, new byte[16], false, true)));
        return ConnectResponse.read(JuteInput.of(readFrame()));
    }

    void send(int xid, int type, JuteRecord body) throws IOException {
        JuteOutput o = new JuteOutput();
        new RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        sendFrame(o.toByteArray());
    }

    void sendFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    byte[] readFrame() throws IOException {
        int n = in.readInt();
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** The next reply's header; the body, if any, is left in {@link Reply#body()}. */
    Reply readReply() throws IOException {
        JuteInput i = new JuteInput(ByteBuffer.wrap(readFrame()));
        return new Reply(ReplyHeader.read(i), i);
    }

    record Reply(ReplyHeader header, JuteInput body) {
    }

    /** True once the server has closed the connection (EOF or reset) with nothing more sent. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
