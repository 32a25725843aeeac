package io.paddock.api.testkit;

import io.paddock.api.processor.CompletedRequest;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteRecord;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A request as an extension sees it, made up for an extension's unit tests. */
public record FakeRequest(long sessionId, int xid, int opCode, List<String> paths, List<Id> authIds, int err,
                          long zxid, boolean committed, Map<String, Object> attributes) implements CompletedRequest {

    /** A successful request of {@code opCode} on {@code path} by session {@code sessionId}, committed at {@code zxid}. */
    public static FakeRequest of(long sessionId, int opCode, String path, long zxid) {
        return new FakeRequest(sessionId, 1, opCode, List.of(path), List.of(new Id("ip", "127.0.0.1")), 0, zxid, true,
                new ConcurrentHashMap<>());
    }

    /** The same request, not committed, answered with {@code err}. */
    public FakeRequest failed(int error) {
        return new FakeRequest(sessionId, xid, opCode, paths, authIds, error, zxid, false, attributes);
    }

    @Override
    public String path() {
        return paths.isEmpty() ? null : paths.get(0);
    }

    @Override
    public JuteRecord body() {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }
}
