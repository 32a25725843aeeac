package io.paddock.transport.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;

/**
 * Records a raw-stream connection's events for a test to wait on. Chunks are kept as they were
 * handed over, not copied: the handler owns them, so a transport that reused a buffer would show
 * as bytes changed after the fact. Every preamble call is counted, and claims the word, since a
 * raw stream must never be offered one and a claimed word would go missing from the bytes.
 */
public final class StreamRecordingHandler implements FrameHandler {
    public final CompletableFuture<Connection> opened = new CompletableFuture<>();
    public final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    public final AtomicInteger preambleCalls = new AtomicInteger();
    public final AtomicInteger closes = new AtomicInteger();

    public volatile BiConsumer<Connection, ByteBuffer> chunkReaction = (connection, chunk) -> { };

    private final List<ByteBuffer> chunks = new ArrayList<>(); // guarded by this
    private final IntSummaryStatistics chunkSizes = new IntSummaryStatistics(); // guarded by this
    private final AtomicLong receivedBytes = new AtomicLong();

    @Override
    public void onOpen(Connection connection) {
        opened.complete(connection);
    }

    @Override
    public int preambleTrailerLength(int firstWord) {
        preambleCalls.incrementAndGet();
        return 0;
    }

    @Override
    public boolean onPreamble(Connection connection, int firstWord) {
        preambleCalls.incrementAndGet();
        return true;
    }

    @Override
    public boolean onPreamble(Connection connection, int firstWord, ByteBuffer trailer) {
        preambleCalls.incrementAndGet();
        return true;
    }

    @Override
    public void onFrame(Connection connection, ByteBuffer payload) {
        int size = payload.remaining();
        synchronized (this) {
            chunks.add(payload);
            chunkSizes.accept(size);
            receivedBytes.addAndGet(size); // with the chunk, so received() always fits
        }
        chunkReaction.accept(connection, payload);
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
        closes.incrementAndGet();
        closed.complete(Optional.ofNullable(cause));
    }

    public long receivedBytes() {
        return receivedBytes.get();
    }

    public synchronized int chunkCount() {
        return chunks.size();
    }

    /** Sizes of the chunks delivered so far, as they were when delivered. */
    public synchronized IntSummaryStatistics chunkSizes() {
        IntSummaryStatistics copy = new IntSummaryStatistics();
        copy.combine(chunkSizes);
        return copy;
    }

    /** Everything delivered so far, in order. */
    public synchronized byte[] received() {
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(receivedBytes.get()));
        for (ByteBuffer chunk : chunks) {
            all.put(chunk.duplicate());
        }
        return all.array();
    }

    /** The text of everything delivered so far, for short ASCII exchanges. */
    public String receivedText() {
        return new String(received(), StandardCharsets.UTF_8);
    }
}
