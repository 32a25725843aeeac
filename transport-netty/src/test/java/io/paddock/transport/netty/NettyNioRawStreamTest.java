package io.paddock.transport.netty;

import io.paddock.api.transport.Transport;
import io.paddock.transport.testkit.RawStreamContract;

class NettyNioRawStreamTest extends RawStreamContract {
    private final NettyTransport transport = new NettyTransport(0, false);

    @Override
    protected Transport transport() {
        return transport;
    }

    @Override
    protected void closeTransport() {
        transport.close();
    }

    @Override
    protected String threadNamePrefix() {
        return "paddock-netty-";
    }
}
