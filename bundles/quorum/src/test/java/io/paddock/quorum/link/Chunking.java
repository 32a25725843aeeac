package io.paddock.quorum.link;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** How a test cuts a byte stream into the chunks an unframed connection would deliver. */
record Chunking(String name, IntUnaryOperator nextSize) {
    /** One byte at a time, the worst a transport may do. */
    static Chunking oneByte() {
        return new Chunking("1-byte chunks", left -> 1);
    }

    /** Random sizes from 1 to {@code max}, repeatable from {@code seed}. */
    static Chunking random(long seed, int max) {
        Random random = new Random(seed);
        return new Chunking("random chunks up to " + max + ", seed " + seed, left -> 1 + random.nextInt(max));
    }

    /** Everything in one chunk. */
    static Chunking whole() {
        return new Chunking("one chunk", left -> left);
    }

    /** One byte, whole, and seeded random cuttings both small and large. */
    static Stream<Chunking> all() {
        return Stream.concat(Stream.of(oneByte(), whole()),
                IntStream.range(0, 8).mapToObj(seed -> random(seed, seed % 2 == 0 ? 7 : 4096)));
    }

    /** Feeds {@code bytes} to {@code decoder}, each chunk a fresh buffer, and collects what it hands out. */
    List<LinkItem> feed(LinkDecoder decoder, byte[] bytes) {
        List<LinkItem> items = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, Math.max(1, nextSize.applyAsInt(bytes.length - at)));
            ByteBuffer chunk = ByteBuffer.allocate(n).put(bytes, at, n).flip();
            decoder.feed(chunk, items::add);
            at += n;
        }
        return items;
    }

    @Override
    public String toString() {
        return name;
    }
}
