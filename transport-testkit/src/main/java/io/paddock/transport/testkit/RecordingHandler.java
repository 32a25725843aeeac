package io.paddock.transport.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.IntUnaryOperator;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;

/** Records a connection's events for a test to wait on; optional reactions are set per test. */
public final class RecordingHandler implements FrameHandler {
    public final CompletableFuture<Connection> opened = new CompletableFuture<>();
    public final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    public final List<ByteBuffer> frames = new CopyOnWriteArrayList<>();
    public final List<Integer> preambles = new CopyOnWriteArrayList<>();
    /** Words the transport asked the trailer length of, and the trailers it then handed over. */
    public final List<Integer> trailerQuestions = new CopyOnWriteArrayList<>();
    public final List<String> trailers = new CopyOnWriteArrayList<>();
    public final List<String> eventThreads = new CopyOnWriteArrayList<>();
    public final AtomicInteger closes = new AtomicInteger();

    public volatile BiPredicate<Connection, Integer> preambleReaction = (connection, word) -> false;
    public volatile IntUnaryOperator trailerLength = word -> 0;
    public volatile BiConsumer<Connection, ByteBuffer> frameReaction = (connection, frame) -> { };

    @Override
    public void onOpen(Connection connection) {
        eventThreads.add(Thread.currentThread().getName());
        opened.complete(connection);
    }

    @Override
    public boolean onPreamble(Connection connection, int firstWord) {
        eventThreads.add(Thread.currentThread().getName());
        preambles.add(firstWord);
        return preambleReaction.test(connection, firstWord);
    }

    @Override
    public int preambleTrailerLength(int firstWord) {
        trailerQuestions.add(firstWord);
        return trailerLength.applyAsInt(firstWord);
    }

    @Override
    public boolean onPreamble(Connection connection, int firstWord, ByteBuffer trailer) {
        assert trailer.isReadOnly();
        trailers.add(text(trailer));
        return onPreamble(connection, firstWord);
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer payload) {
        eventThreads.add(Thread.currentThread().getName());
        frames.add(payload);
        frameReaction.accept(connection, payload);
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
        eventThreads.add(Thread.currentThread().getName());
        closes.incrementAndGet();
        closed.complete(Optional.ofNullable(cause));
    }

    public List<String> frameTexts() {
        return frames.stream().map(RecordingHandler::text).toList();
    }

    public static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
