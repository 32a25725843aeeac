package io.paddock.launcher;

/** A zoo.cfg that cannot be used; the message is one line, fit to show an operator as is. */
public final class ZooCfgException extends Exception {

    private static final long serialVersionUID = 1L;

    public ZooCfgException(String message) {
        super(message);
    }
}
