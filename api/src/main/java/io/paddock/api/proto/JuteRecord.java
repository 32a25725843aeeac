package io.paddock.api.proto;

/** A value with a jute encoding. Each implementation also offers a static {@code read(JuteInput)}. */
public interface JuteRecord {
    void write(JuteOutput out);

    /**
     * Roughly how many bytes {@link #write} produces, so an output can be sized once instead
     * of growing by copies; records that carry data override it.
     */
    default int estimatedSize() {
        return 128;
    }
}
