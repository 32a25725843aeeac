package io.paddock.api.transport;

import java.net.InetSocketAddress;

/** A listening socket. Closing it stops accepting and closes every connection it accepted. */
public interface Listener extends AutoCloseable {
    InetSocketAddress localAddress();

    @Override
    void close();
}
