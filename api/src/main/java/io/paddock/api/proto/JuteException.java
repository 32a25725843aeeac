package io.paddock.api.proto;

/** A record could not be decoded: truncated, or a length out of range. */
public final class JuteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JuteException(String message) {
        super(message);
    }
}
