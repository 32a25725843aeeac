package io.paddock.api.quorum;

/** A running leader, follower or observer. */
public interface Role extends AutoCloseable {
    /**
     * Stops the role: its links close, its threads are joined (bounded), and it has stopped
     * serving clients when this returns. {@link RoleContext#ended} is not called for a close.
     */
    @Override
    void close();
}
