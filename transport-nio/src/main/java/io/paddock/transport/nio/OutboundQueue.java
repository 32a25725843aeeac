package io.paddock.transport.nio;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buffers a connection has yet to write. Any thread offers; only the connection's
 * selector thread gathers and removes, so the buffers at the head stay put while it writes
 * them without the lock. It also tracks whether a flush is already on its way, so a burst of
 * sends from other threads costs one wake-up of the selector rather than one per send.
 */
final class OutboundQueue {
    enum Offer {
        /** Queued; a flush is already pending. */
        QUEUED,
        /** Queued; the caller must schedule a flush. */
        FLUSH_NEEDED,
        /** Refused: the connection is closing or closed. */
        REFUSED
    }

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>(); // guarded by this
    private final AtomicLong bytes = new AtomicLong();
    private boolean shut; // guarded by this
    private boolean flushPending; // guarded by this
    private boolean discarded; // guarded by this

    /** Queues buffers to be written one after the other with nothing between them. */
    synchronized Offer offer(ByteBuffer first, ByteBuffer second) {
        if (shut) {
            return Offer.REFUSED;
        }
        long size = append(first);
        if (second != null) {
            size += append(second);
        }
        bytes.addAndGet(size);
        return claimFlush() ? Offer.FLUSH_NEEDED : Offer.QUEUED;
    }

    private long append(ByteBuffer buffer) {
        int size = buffer.remaining();
        if (size > 0) {
            buffers.add(buffer);
        }
        return size;
    }

    /**
     * Refuses further offers: what is queued now is the last to be written.
     *
     * @return true if the caller must schedule a flush (to write the rest and then close)
     */
    synchronized boolean shut() {
        shut = true;
        return claimFlush();
    }

    private boolean claimFlush() {
        if (flushPending) {
            return false;
        }
        flushPending = true;
        return true;
    }

    synchronized boolean isShut() {
        return shut;
    }

    /**
     * Copies the first buffers into {@code into}, stopping once they hold {@code maxBytes} (but
     * taking at least one). When there are none, the pending flush is over: the next offer
     * asks for a new one.
     *
     * @return how many buffers were copied
     */
    synchronized int gather(ByteBuffer[] into, long maxBytes) {
        int count = 0;
        long total = 0;
        Iterator<ByteBuffer> it = buffers.iterator();
        while (count < into.length && total < maxBytes && it.hasNext()) {
            ByteBuffer next = it.next();
            into[count++] = next;
            total += next.remaining();
        }
        if (count == 0) {
            flushPending = false;
        }
        return count;
    }

    /** Drops the first {@code count} buffers, all fully written, {@code written} bytes in all. */
    synchronized void remove(int count, long written) {
        if (discarded) {
            return; // an abort emptied the queue while these were being written
        }
        for (int i = 0; i < count; i++) {
            buffers.poll();
        }
        bytes.addAndGet(-written);
    }

    /** Drops everything and refuses further offers. */
    synchronized void discard() {
        shut = true;
        discarded = true;
        buffers.clear();
        bytes.set(0);
    }

    long bytes() {
        return bytes.get();
    }
}
