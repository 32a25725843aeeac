package io.paddock.quorum.election;

import io.paddock.api.proto.JuteInput;
import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.quorum.wire.InitialMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The handler of a hand-driven peer's connection in tests: records every byte the links sent on
 * it, and when it opened and closed; decodes the bytes as a header (on connections the links
 * opened) and messages.
 */
final class RecordingStream implements FrameHandler {
    final CompletableFuture<Connection> opened = new CompletableFuture<>();
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void onOpen(Connection connection) {
        opened.complete(connection);
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer chunk) {
        byte[] b = new byte[chunk.remaining()];
        chunk.get(b);
        synchronized (bytes) {
            bytes.writeBytes(b);
        }
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
        closed.complete(Optional.ofNullable(cause));
    }

    Connection connection() {
        return opened.join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    byte[] bytes() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    /** The header at the start of the bytes, or empty while it is incomplete. */
    Optional<InitialMessage> header() {
        try {
            return Optional.of(InitialMessage.read(new JuteInput(ByteBuffer.wrap(bytes()))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The whole messages after the header, as text. */
    List<String> messagesAfterHeader() {
        ByteBuffer in = ByteBuffer.wrap(bytes());
        InitialMessage.read(new JuteInput(in));
        return messages(in);
    }

    /** The whole messages in the bytes, as text (a connection with no header). */
    List<String> messages() {
        return messages(ByteBuffer.wrap(bytes()));
    }

    private static List<String> messages(ByteBuffer in) {
        List<String> texts = new ArrayList<>();
        while (in.remaining() >= Integer.BYTES && in.remaining() >= Integer.BYTES + in.getInt(in.position())) {
            byte[] message = new byte[in.getInt()];
            in.get(message);
            texts.add(new String(message, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
