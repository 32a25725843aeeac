package io.paddock.quorum.role;

/** ZooKeeper's {@code BufferStats} of proposals: the last, smallest and largest size, -1 before any. */
final class ProposalSizes {
    private long last = -1;
    private long min = -1;
    private long max = -1;

    synchronized void add(long size) {
        last = size;
        min = min < 0 ? size : Math.min(min, size);
        max = Math.max(max, size);
    }

    synchronized long last() {
        return last;
    }

    synchronized long min() {
        return min;
    }

    synchronized long max() {
        return max;
    }
}
