package io.paddock.election.fle;

/** An election message that ZooKeeper's receiver would skip: too short, a bad length, an unknown state. */
public final class NotificationFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotificationFormatException(String message) {
        super(message);
    }
}
