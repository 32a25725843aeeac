package io.paddock.api.proto;

/** Reply to getData (4). */
public record GetDataResponse(byte[] data, Stat stat) implements JuteRecord {
    public static GetDataResponse read(JuteInput in) {
        return new GetDataResponse(
                in.readBuffer(),
                Stat.read(in));
    }

    @Override
    public int estimatedSize() {
        return 96 + (data == null ? 0 : data.length);
    }

    @Override
    public void write(JuteOutput out) {
        out.writeBuffer(data);
        stat.write(out);
    }
}
