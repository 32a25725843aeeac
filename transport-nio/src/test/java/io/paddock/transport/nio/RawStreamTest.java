package io.paddock.transport.nio;

import io.paddock.api.transport.Transport;
import io.paddock.transport.testkit.RawStreamContract;

class RawStreamTest extends RawStreamContract {
    private final NioTransport transport = new NioTransport();

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
        return "paddock-nio-";
    }
}
