package io.paddock.quorum.link;

import io.paddock.api.transport.Connection;
import io.paddock.api.transport.FrameHandler;
import io.paddock.api.transport.Listener;
import io.paddock.api.transport.Transport;
import io.paddock.api.transport.TransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Opens learner links over a transport: a leader listens on its quorum port, a learner connects
 * to its leader's. The connections are unframed (ZooKeeper's quorum packets carry no length
 * prefix); records are bounded by {@code maxLength}, as jute.maxbuffer bounds them.
 */
public final class QuorumLinks {
    private QuorumLinks() {
    }

    /** Listens for learners; each accepted connection becomes a link decoding what learners send. */
    public static Listener listen(Transport transport, InetSocketAddress address, int maxLength,
                                  QuorumLink.Listener listener) throws IOException {
        Handler handler = new Handler(() -> LinkDecoder.fromLearner(maxLength), listener);
        return transport.listen(address, options(maxLength), handler);
    }

    /** Connects to a leader; the link decodes what leaders send, snapshots included. */
    public static QuorumLink connect(Transport transport, InetSocketAddress leader, int maxLength, Duration timeout,
                                     QuorumLink.Listener listener) throws IOException {
        Handler handler = new Handler(() -> LinkDecoder.fromLeader(maxLength), listener);
        Connection connection = transport.connect(leader, options(maxLength), handler, timeout);
        return handler.linkOf(connection);
    }

    private static TransportOptions options(int maxLength) {
        return new TransportOptions(Math.max(maxLength, 64 * 1024), 0).asRawStream();
    }

    /** Turns a transport's connections into links. */
    private static final class Handler implements FrameHandler {
        private final Supplier<LinkDecoder> decoders;
        private final QuorumLink.Listener listener;
        private final Map<Connection, QuorumLink> links = new ConcurrentHashMap<>();

        Handler(Supplier<LinkDecoder> decoders, QuorumLink.Listener listener) {
            this.decoders = decoders;
            this.listener = listener;
        }

        QuorumLink linkOf(Connection connection) {
            return links.computeIfAbsent(connection, c -> new QuorumLink(c, decoders.get(), listener));
        }

        @Override
        public void onOpen(Connection connection) {
            linkOf(connection).onOpen();
        }

        @Override
        public void onFrame(Connection connection, ByteBuffer payload) {
            linkOf(connection).onBytes(payload);
        }

        @Override
        public void onClose(Connection connection, Throwable cause) {
            QuorumLink link = links.remove(connection);
            if (link != null) {
                link.onClose(cause);
            }
        }
    }
}
