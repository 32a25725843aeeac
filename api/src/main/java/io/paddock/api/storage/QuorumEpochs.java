package io.paddock.api.storage;

import java.io.IOException;

/**
 * The two epochs a quorum peer persists (ZooKeeper's {@code acceptedEpoch} and
 * {@code currentEpoch} files, protocol.md section 16.1). A write returns once it is durable.
 */
public interface QuorumEpochs {
    /** What a read returns for an epoch never written. */
    long NONE = -1;

    /** The epoch of the last NEWEPOCH this peer accepted, or {@link #NONE}. */
    long accepted() throws IOException;

    /** The epoch of the last leader this peer acknowledged NEWLEADER to, or {@link #NONE}. */
    long current() throws IOException;

    void setAccepted(long epoch) throws IOException;

    void setCurrent(long epoch) throws IOException;
}
