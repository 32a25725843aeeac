package io.paddock.api.quorum;

/**
 * ZooKeeper's timing keys as a role needs them: {@code tickTime} in milliseconds, and how many
 * ticks a learner may take to connect and sync ({@code initLimit}) or may stay silent once
 * synced ({@code syncLimit}).
 */
public record QuorumTiming(int tickTime, int initLimit, int syncLimit) {
    public QuorumTiming {
        if (tickTime <= 0 || initLimit <= 0 || syncLimit <= 0) {
            throw new IllegalArgumentException("tickTime, initLimit and syncLimit must be positive: "
                    + tickTime + ", " + initLimit + ", " + syncLimit);
        }
    }

    public long initMillis() {
        return (long) tickTime * initLimit;
    }

    public long syncMillis() {
        return (long) tickTime * syncLimit;
    }

    /** The leader pings every learner twice a tick, as ZooKeeper's leader does. */
    public long pingMillis() {
        return Math.max(1, tickTime / 2);
    }
}
