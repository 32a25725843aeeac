package io.paddock.itests.datadir;

/** A server run in this JVM on a data dir another server may have written: ZooKeeper 3.9.3 or Paddock. */
interface DiskServer extends AutoCloseable {

    String name();

    /** {@code 127.0.0.1:port}. */
    String connectString();

    @Override
    void close();
}
