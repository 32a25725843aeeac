package io.paddock.quorum.election;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ElectionLinks.Receiver} for tests: keeps what arrived, as "sid:text", and on which thread. */
final class ReceivedMessages implements ElectionLinks.Receiver {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void receive(long sid, ByteBuffer message) {
        threads.add(Thread.currentThread().getName());
        messages.add(sid + ":" + StandardCharsets.UTF_8.decode(message));
    }
}
