package io.paddock.transport.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import io.paddock.transport.testkit.RecordingHandler;
import io.paddock.transport.testkit.TransportLifecycleContract;

/** The transport contract, and what is particular to NIO: its threads, and no TLS. */
class TransportLifecycleTest extends TransportLifecycleContract {
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

    @Test
    void isNamedNio() {
        assertThat(transport.name()).isEqualTo("nio");
    }

    @Test
    void startsNoThreadUntilFirstUsed() {
        NioTransport unused = new NioTransport(1);
        try {
            assertThat(transportThreads()).isEmpty();
        } finally {
            unused.close();
        }
    }

    @Test
    void eachListenerHasOneAcceptThreadThatStopsWithIt() throws Exception {
        RecordingHandler server = new RecordingHandler();
        Listener listener = transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), server);
        InetSocketAddress address = listener.localAddress();
        assertThatThrownBy(() -> transport.listen(address, TransportOptions.defaults(), new RecordingHandler()));
        assertThat(transportThreads()).containsOnlyOnce("paddock-nio-accept-" + address.getPort());

        transport.connect(address, TransportOptions.defaults(), new RecordingHandler(), WAIT);
        server.opened.get(10, TimeUnit.SECONDS);
        listener.close();

        assertThat(transportThreads()).doesNotContain("paddock-nio-accept-" + address.getPort());
    }

    @Test
    void configuredSelectorThreadsAreUsed() throws Exception {
        NioTransport configured = new NioTransport(new NioTransport.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return NioTransport.Config.class;
            }

            @Override
            public int selectorThreads() {
                return 3;
            }
        });
        try {
            configured.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler()).close();
            assertThat(transportThreads()).contains("paddock-nio-selector-1", "paddock-nio-selector-2",
                    "paddock-nio-selector-3");
        } finally {
            configured.close();
        }
        assertThat(transportThreads()).isEmpty();
    }

    @Test
    void askingForTlsIsRefusedWithAClearMessage() throws Exception {
        TransportOptions tls = TransportOptions.defaults()
                .withTls(new TransportOptions.Tls(SSLContext.getDefault(), TransportOptions.ClientAuth.NONE));

        assertThatThrownBy(() -> transport.listen(ANY_LOCAL_PORT, tls, new RecordingHandler()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("nio transport does not do TLS")
                .hasMessageContaining("netty");
        Listener plain = transport.listen(ANY_LOCAL_PORT, TransportOptions.defaults(), new RecordingHandler());
        assertThatThrownBy(() -> transport.connect(plain.localAddress(), tls, new RecordingHandler(), WAIT))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("nio transport does not do TLS");
        assertThat(transportThreads()).doesNotContain("paddock-nio-accept-0");
    }
}
