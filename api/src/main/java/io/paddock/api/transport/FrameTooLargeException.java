package io.paddock.api.transport;

import java.io.IOException;

/** A peer announced a frame length below zero or above the limit; the connection is closed. */
public final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int length;

    public FrameTooLargeException(int length, int limit) {
        super("frame length " + length + " is outside [0, " + limit + "]");
        this.length = length;
    }

    public int length() {
        return length;
    }
}
