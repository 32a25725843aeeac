package io.paddock.server.cnxn;

import java.util.function.Consumer;

/**
 * Decides whether a client may resume a session it reconnects with: the local session tracker
 * (standalone, leader), or the leader asked through REVALIDATE (learners).
 */
@FunctionalInterface
public interface SessionValidator {
    /** Answers, now or later and on any thread, whether session {@code id} may go on with {@code timeout}. */
    void validate(long id, int timeout, Consumer<Boolean> answer);
}
