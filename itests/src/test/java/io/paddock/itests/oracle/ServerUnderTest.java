package io.paddock.itests.oracle;

/** A server the stock client talks to: ZooKeeper itself, or Paddock. */
interface ServerUnderTest extends AutoCloseable {

    String name();

    /** {@code 127.0.0.1:port}. */
    String connectString();

    @Override
    void close() throws Exception;
}
