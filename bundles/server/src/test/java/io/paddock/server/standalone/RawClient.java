package io.paddock.server.standalone;

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
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A hand-driven client over a plain socket, for what stock clients never send. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    ConnectResponse connect(long sessionId, byte[] passwd, long lastZxidSeen, int timeout) throws IOException {
        sendFrame(JuteOutput.serialize(new ConnectRequest(0, lastZxidSeen, timeout, sessionId, passwd, false, true)));
        return ConnectResponse.read(JuteInput.of(readFrame()));
    }

    ConnectResponse connect() throws IOException {
        return connect(0, new byte[16], 0, 30000);
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

    void send(int xid, int type, JuteRecord body) throws IOException {
        JuteOutput o = new JuteOutput();
        new RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        sendFrame(o.toByteArray());
    }

    byte[] readFrame() throws IOException {
        int n = in.readInt();
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Reads one reply frame; the header is decoded and the body left in the returned input. */
    Reply readReply() throws IOException {
        JuteInput i = new JuteInput(ByteBuffer.wrap(readFrame()));
        return new Reply(ReplyHeader.read(i), i);
    }

    record Reply(ReplyHeader header, JuteInput body) {
    }

    /** True once the server has closed the connection (EOF or reset). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    String readAllText() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
