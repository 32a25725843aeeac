package io.paddock.quorum.config;

/**
 * A quorum configuration we refuse. The message names the key (or the file) at fault and says
 * what is wrong, so an operator can fix the configuration without reading our source.
 */
public final class QuorumConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public QuorumConfigException(String message) {
        super(message);
    }

    public QuorumConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
