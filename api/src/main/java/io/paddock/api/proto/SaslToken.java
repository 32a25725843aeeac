package io.paddock.api.proto;

/**
 * Body of sasl (102) both ways: ZooKeeper's {@code GetSASLRequest} and {@code SetSASLResponse}
 * are the same single buffer (protocol.md section 6). A null token is written as length -1.
 */
public record SaslToken(byte[] token) implements JuteRecord {
    public static SaslToken read(JuteInput in) {
        return new SaslToken(
                in.readBuffer());
    }

    @Override
    public void write(JuteOutput out) {
        out.writeBuffer(token);
    }

    @Override
    public int estimatedSize() {
        return 4 + (token == null ? 0 : token.length);
    }
}
