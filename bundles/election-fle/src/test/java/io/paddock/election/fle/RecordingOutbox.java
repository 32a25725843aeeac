package io.paddock.election.fle;

import io.paddock.api.election.Outbox;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** An outbox that keeps what it is given, decoded, for a test to look at. */
final class RecordingOutbox implements Outbox {
    record Sent(long to, Notification notification) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(long sid, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        sent.add(new Sent(sid, Notification.decode(bytes)));
    }

    /** What was sent since the last call, oldest first. */
    List<Sent> drain() {
        List<Sent> drained = List.copyOf(sent);
        sent.clear();
        return drained;
    }
}
