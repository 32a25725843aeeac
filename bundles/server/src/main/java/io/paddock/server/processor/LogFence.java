package io.paddock.server.processor;

/**
 * What the sync stage tells the prep stage when the log refused writes. The txns prepared after
 * the last durable one will never be applied, so prep must forget them: it takes the zxids back
 * and drops their pending changes. Each such rollback starts a new generation; a txn prepared in
 * an older generation was prepared against state that will not be, and is refused.
 *
 * <p>After a failed fsync the fence stays shut: what the disk holds is no longer known, so no
 * write is accepted until the server restarts and reads back what is really there.
 */
final class LogFence {
    /** @param rollbackZxid the last durable zxid when this generation began */
    record State(int generation, long rollbackZxid, boolean readOnly) {
    }

    private volatile State state = new State(0, -1, false);

    State state() {
        return state;
    }

    synchronized void rollBack(long durableZxid) {
        state = new State(state.generation() + 1, durableZxid, state.readOnly());
    }

    synchronized void shut(long durableZxid) {
        state = new State(state.generation() + 1, durableZxid, true);
    }

    boolean readOnly() {
        return state.readOnly();
    }
}
