package io.paddock.itests.oracle;

import java.util.Map;

/** A server the stock client talks to: ZooKeeper itself, or Paddock; standalone or an ensemble. */
interface ServerUnderTest extends AutoCloseable {

    String name();

    /** {@code 127.0.0.1:port}; of an ensemble, its first server's. */
    String connectString();

    /** How many servers clients may connect to: 1, or the ensemble's size. */
    default int size() {
        return 1;
    }

    /** {@code 127.0.0.1:port} of the ensemble's server {@code index}, counted from 0. */
    default String connectString(int index) {
        return connectString();
    }

    /**
     * The ports this server picked that clients can read back (an ensemble's members' ports, in
     * {@code /zookeeper/config}), each with a name that says which port it is, the same on every
     * server under test: text is compared with those names in place of the numbers.
     */
    default Map<Integer, String> portNames() {
        return Map.of();
    }

    /**
     * Waits until an ensemble's leader has applied every txn any of its servers has applied. A
     * sync from a client of the leader itself is answered as a read: ZooKeeper's leader matches no
     * syncs with commits ({@code CommitProcessor} with {@code matchSyncs} false), so it may answer
     * before it applied a txn a follower already applied and answered, and the notifications that
     * txn owes the leader's clients come later. A standalone server has nothing to catch up on.
     */
    default void awaitLeaderCaughtUp() throws InterruptedException {
    }

    /**
     * Stops the server (an ensemble: every member) and starts it again on its data; an ensemble's
     * members keep their ports. Returns the server to talk to from then on.
     */
    ServerUnderTest restart() throws Exception;

    @Override
    void close() throws Exception;
}
