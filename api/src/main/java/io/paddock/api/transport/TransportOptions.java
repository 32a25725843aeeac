package io.paddock.api.transport;

/**
 * Limits for a listener or connection. A frame whose length is negative or above
 * {@code maxFrameLength} closes the connection (protocol.md section 2).
 *
 * @param maxFrameLength the largest payload accepted, not counting the 4-byte length itself
 * @param backlog        the accept backlog of a listener (0 for the platform default)
 */
public record TransportOptions(int maxFrameLength, int backlog) {
    /** ZooKeeper's default {@code jute.maxbuffer}. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 0xfffff;

    public TransportOptions {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
    }

    public static TransportOptions defaults() {
        return new TransportOptions(DEFAULT_MAX_FRAME_LENGTH, 0);
    }
}
